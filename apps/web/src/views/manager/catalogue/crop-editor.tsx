// One crop's whole profile as the manager edits it: names and trays, prices, growing days, rates,
// alarm limits, stage temperatures, substrate moisture and the chilling band. One save sends it all;
// the server checks the profile as a whole and its refusal names the field.
import { useState } from 'preact/hooks';
import type { ChillingBand, CropResponse, UpdateCropRequest } from '#contracts';
import { request } from '../../../api.ts';
import { t, type MessageKey } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { tf } from '../../buyer/text.ts';
import { FieldGrid, NameFields, fieldLabel } from './fields.tsx';
import { PriceTable, priceProblem } from './price-table.tsx';
import { ChillingFields } from './chilling-fields.tsx';
import { StageGrid } from './stage-grid.tsx';
import {
  SECTIONS,
  type Draft,
  type PriceRowDraft,
  draftOf,
  patchOf,
  priceDraftOf,
  pricesOf,
  traysOf,
} from './profile-draft.ts';

const GRAFTS = ['none', 'rare', 'optional', 'common'] as const;
const ALL_FIELDS = Object.values(SECTIONS).flat();

/** The edit the form holds, or the message saying which field is not readable. */
function editOf(
  names: { nameZh: string; nameEn: string; traysAlt: string; graft: CropResponse['graft'] },
  draft: Draft,
  prices: PriceRowDraft[],
  chilling: ChillingBand | null,
): UpdateCropRequest | string {
  const numbers = patchOf(draft, ALL_FIELDS);
  if ('bad' in numbers) return tf('catBadNumber', { field: fieldLabel(numbers.bad) });
  const table = pricesOf(prices);
  if ('bad' in table) return tf('catBadPrice', priceProblem(table.bad));
  const traysAlt = traysOf(names.traysAlt);
  if (traysAlt === null) return t('catBadTrays');
  return {
    ...numbers.patch,
    nameZh: names.nameZh.trim(),
    nameEn: names.nameEn.trim(),
    traysAlt,
    graft: names.graft,
    prices: table.prices,
    chilling,
  };
}

export function CropEditor({ crop, onSaved }: { crop: CropResponse; onSaved: (crop: CropResponse) => void }) {
  const [names, setNames] = useState({
    nameZh: crop.nameZh,
    nameEn: crop.nameEn,
    traysAlt: crop.traysAlt.join(', '),
    graft: crop.graft,
  });
  const [draft, setDraft] = useState<Draft>(() => draftOf(crop, ALL_FIELDS));
  const [prices, setPrices] = useState(() => priceDraftOf(crop.prices));
  const [chilling, setChilling] = useState<ChillingBand | null>(crop.chilling);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState<MessageKey | ''>('');
  const [busy, setBusy] = useState(false);
  const save = (event: Event) => {
    event.preventDefault();
    setNotice('');
    const edit = editOf(names, draft, prices, chilling);
    if (typeof edit === 'string') {
      setError(edit);
      return;
    }
    setBusy(true);
    setError('');
    request('PATCH /api/crops/:key', { params: { key: crop.key }, body: edit })
      .then((saved) => {
        setNotice('msSaved');
        onSaved(saved);
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="cat-editor" onSubmit={save} data-testid={`crop-editor-${crop.key}`}>
      <fieldset>
        <legend>{t('catNames')}</legend>
        <div class="ms-form">
          <NameFields value={names} onChange={setNames} />
          <label>
            {t('catOtherTrays')}
            <input
              name="traysAlt"
              value={names.traysAlt}
              onInput={(e) => setNames({ ...names, traysAlt: e.currentTarget.value })}
            />
          </label>
          <label>
            {fieldLabel('graft')}
            <select
              name="graft"
              value={names.graft}
              onChange={(e) => setNames({ ...names, graft: e.currentTarget.value as CropResponse['graft'] })}
            >
              {GRAFTS.map((graft) => (
                <option value={graft}>{t(`catGraft_${graft}`)}</option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('catPrices')}</legend>
        <PriceTable rows={prices} onChange={setPrices} testId={`prices-${crop.key}`} />
      </fieldset>
      <fieldset>
        <legend>{t('catGrowing')}</legend>
        <p class="muted">{t('catDaysNote')}</p>
        <FieldGrid fields={SECTIONS.growing} draft={draft} onChange={setDraft} />
      </fieldset>
      <fieldset>
        <legend>{t('catRates')}</legend>
        <FieldGrid fields={SECTIONS.rates} draft={draft} onChange={setDraft} />
      </fieldset>
      <fieldset>
        <legend>{t('catLimits')}</legend>
        <p class="muted">{t('catLimitsNote')}</p>
        <FieldGrid fields={SECTIONS.limits} draft={draft} onChange={setDraft} />
      </fieldset>
      <fieldset>
        <legend>{t('catStages')}</legend>
        <StageGrid kind="stages" draft={draft} onChange={setDraft} />
      </fieldset>
      <fieldset>
        <legend>{t('catMoisture')}</legend>
        <StageGrid kind="moisture" draft={draft} onChange={setDraft} />
      </fieldset>
      <fieldset>
        <legend>{t('catChilling')}</legend>
        <ChillingFields band={chilling} onChange={setChilling} />
      </fieldset>
      <div class="ms-buttons cat-save">
        <button type="submit" class="primary" disabled={busy} data-testid={`save-crop-${crop.key}`}>
          {t('save')}
        </button>
        {notice && (
          <span class="ms-notice" role="status">
            {t(notice)}
          </span>
        )}
      </div>
      {error && (
        <p class="error" role="alert" data-testid="crop-error">
          {error}
        </p>
      )}
    </form>
  );
}
