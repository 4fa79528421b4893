// A crop's varieties: each with its own prices (or its crop's) and its own days to saleable (or its
// crop's); a new one is orderable and plannable as soon as it is saved.
import { useState } from 'preact/hooks';
import type { CropFields, CropResponse, VarietyResponse } from '#contracts';
import { request } from '../../../api.ts';
import { formatFen } from '../../../format.ts';
import { localName, t } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { tf } from '../../buyer/text.ts';
import { FieldGrid, FormFooter, fieldLabel } from './fields.tsx';
import { PriceTable, priceProblem } from './price-table.tsx';
import { SEASONS, draftOf, patchOf, priceDraftOf, pricesOf, type FieldSpec } from './profile-draft.ts';

/** A variety's own days per season: empty means its crop's, so "days" (empty = not grown) does not fit. */
const OWN_DAYS: readonly FieldSpec[] = SEASONS.map((season) => ({
  path: `daysToSaleable.${season}`,
  kind: 'int',
}));

function VarietyForm({
  crop,
  variety,
  onSaved,
  onCancel,
}: {
  crop: CropResponse;
  variety: VarietyResponse | null;
  onSaved: (crop: CropResponse) => void;
  onCancel: () => void;
}) {
  const own = variety?.overrides ?? {};
  const [name, setName] = useState(variety?.name ?? '');
  const [nameEn, setNameEn] = useState(variety?.nameEn ?? '');
  const [ownPrices, setOwnPrices] = useState(own.prices !== undefined);
  const [prices, setPrices] = useState(() =>
    priceDraftOf((own.prices as CropResponse['prices']) ?? crop.prices),
  );
  const [days, setDays] = useState(() => draftOf(own, OWN_DAYS));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = (event: Event) => {
    event.preventDefault();
    const ownDays = patchOf(days, OWN_DAYS);
    if ('bad' in ownDays) return setError(tf('catBadNumber', { field: fieldLabel(ownDays.bad) }));
    const table = pricesOf(prices);
    if (ownPrices && 'bad' in table) return setError(tf('catBadPrice', priceProblem(table.bad)));
    // The variety's other own fields (set through the API) stay; prices and days are the form's.
    const { prices: _p, daysToSaleable: _d, ...kept } = own;
    const overrides: CropFields = {
      ...kept,
      ...(ownPrices && 'prices' in table ? { prices: table.prices } : {}),
      ...(ownDays.patch.daysToSaleable ? { daysToSaleable: ownDays.patch.daysToSaleable } : {}),
    };
    setBusy(true);
    setError('');
    const body = { nameEn: nameEn.trim() || null, overrides };
    const saved = variety
      ? request('PATCH /api/crops/:key/varieties/:name', {
          params: { key: crop.key, name: variety.name },
          body,
        })
      : request('POST /api/crops/:key/varieties', {
          params: { key: crop.key },
          body: { ...body, name: name.trim() },
        });
    saved
      .then(onSaved)
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="cat-variety-form" onSubmit={save} data-testid="variety-form">
      <div class="ms-form">
        <label>
          {t('catVarietyName')}
          <input
            name="varietyName"
            required
            maxLength={100}
            disabled={variety !== null}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('catVarietyNameEn')}
          <input
            name="varietyNameEn"
            maxLength={100}
            value={nameEn}
            onInput={(e) => setNameEn(e.currentTarget.value)}
          />
        </label>
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="ownPrices"
          checked={ownPrices}
          onChange={(e) => setOwnPrices(e.currentTarget.checked)}
        />
        {t('catOwnPrices')}
      </label>
      {ownPrices && <PriceTable rows={prices} onChange={setPrices} testId="variety-prices" />}
      <p class="muted">{t('catOwnDays')}</p>
      <FieldGrid fields={OWN_DAYS} draft={days} onChange={setDays} />
      <FormFooter busy={busy} error={error} onCancel={onCancel} testId="save-variety" />
    </form>
  );
}

/** The plain price of the default tray, or "as the crop". */
function priceSummary(variety: VarietyResponse, crop: CropResponse): string {
  if (!variety.overrides.prices) return t('catSameAsCrop');
  const row = variety.profile.prices.find((p) => p.cells === crop.traysDefault) ?? variety.profile.prices[0];
  return row ? `${tf('buyerCells', { cells: row.cells })} ${formatFen(row.priceFen)}` : '';
}

export function Varieties({ crop, onSaved }: { crop: CropResponse; onSaved: (crop: CropResponse) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const done = (saved: CropResponse) => {
    setEditing(null);
    onSaved(saved);
  };
  return (
    <section class="cat-varieties" data-testid={`varieties-${crop.key}`}>
      <h3>{t('catVarieties')}</h3>
      {crop.varieties.length === 0 && <p class="muted">{t('catNoVarieties')}</p>}
      <ul>
        {crop.varieties.map((variety) => (
          <li>
            {editing === variety.name ? (
              <VarietyForm crop={crop} variety={variety} onSaved={done} onCancel={() => setEditing(null)} />
            ) : (
              <>
                <b>{localName({ name: variety.name, nameEn: variety.nameEn })}</b>{' '}
                <span class="muted">{priceSummary(variety, crop)}</span>{' '}
                <button type="button" class="link" onClick={() => setEditing(variety.name)}>
                  {t('catEdit')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {editing === '' ? (
        <VarietyForm crop={crop} variety={null} onSaved={done} onCancel={() => setEditing(null)} />
      ) : (
        <button
          type="button"
          class="ms-add"
          data-testid={`add-variety-${crop.key}`}
          onClick={() => setEditing('')}
        >
          {t('catAddVariety')}
        </button>
      )}
    </section>
  );
}
