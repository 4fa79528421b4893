// 作物品种: the manager's crop catalogue. Each crop as a card (names, default price, varieties);
// opening one edits its whole profile and its varieties. A new crop starts as a copy of another.
import { useEffect, useState } from 'preact/hooks';
import type { CropResponse, EmptyHouseResponse } from '#contracts';
import { request } from '../../../api.ts';
import { formatFen } from '../../../format.ts';
import { localName, t } from '../../../i18n.ts';
import { errorMessage } from '../../../messages.ts';
import { tf } from '../../buyer/text.ts';
import { setCrops } from '../../orders.tsx';
import { CropEditor } from './crop-editor.tsx';
import { CropSelect, FormFooter, NameFields } from './fields.tsx';
import { EmptyHouseForm } from './empty-house.tsx';
import { Varieties } from './variety-editor.tsx';
import './catalogue.css';

function NewCropForm({ crops, onAdded }: { crops: CropResponse[]; onAdded: (crop: CropResponse) => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ key: '', nameZh: '', nameEn: '', copyOf: crops[0]?.key ?? '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" class="ms-add" data-testid="add-crop" onClick={() => setOpen(true)}>
        {t('catAddCrop')}
      </button>
    );
  const submit = (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    request('POST /api/crops', {
      body: {
        key: draft.key.trim(),
        nameZh: draft.nameZh.trim(),
        nameEn: draft.nameEn.trim(),
        copyOf: draft.copyOf,
      },
    })
      .then((crop) => {
        setOpen(false);
        setDraft({ ...draft, key: '', nameZh: '', nameEn: '' });
        onAdded(crop);
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="panel ms-form" onSubmit={submit} data-testid="new-crop-form">
      <label>
        {t('catKey')}
        <input
          name="key"
          required
          pattern="[a-z0-9_]{1,32}"
          autoCapitalize="off"
          value={draft.key}
          onInput={(e) => setDraft({ ...draft, key: e.currentTarget.value })}
        />
      </label>
      <NameFields value={draft} onChange={setDraft} />
      <CropSelect
        crops={crops}
        name="copyOf"
        label={t('catCopyOf')}
        value={draft.copyOf}
        onChange={(copyOf) => setDraft({ ...draft, copyOf })}
      />
      <p class="muted">{t('catKeyNote')}</p>
      <FormFooter busy={busy} error={error} onCancel={() => setOpen(false)} />
    </form>
  );
}

function CropCard({
  crop,
  open,
  onToggle,
  onSaved,
}: {
  crop: CropResponse;
  open: boolean;
  onToggle: () => void;
  onSaved: (crop: CropResponse) => void;
}) {
  const plain = crop.prices.find((row) => row.cells === crop.traysDefault) ?? crop.prices[0];
  return (
    <article class="ms-card cat-card" data-testid={`crop-${crop.key}`}>
      <header class="row">
        <b>{localName(crop)}</b>
        <span class="muted data">{crop.key}</span>
        {crop.inUse && <span class="ms-badge">{t('catInUse')}</span>}
        <button type="button" class="link" data-testid={`edit-crop-${crop.key}`} onClick={onToggle}>
          {open ? t('catClose') : t('catEdit')}
        </button>
      </header>
      <p class="muted">
        {plain &&
          [
            `${tf('buyerCells', { cells: plain.cells })} ${t('buyerPrice')} ${formatFen(plain.priceFen)}`,
            plain.graftedPriceFen !== null && `${t('buyerGraftedPrice')} ${formatFen(plain.graftedPriceFen)}`,
            plain.ownSeedPriceFen !== null && `${t('buyerOwnSeedPrice')} ${formatFen(plain.ownSeedPriceFen)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        {crop.varieties.length > 0 &&
          ` · ${t('catVarieties')}: ${crop.varieties.map((v) => localName({ name: v.name, nameEn: v.nameEn })).join('、')}`}
      </p>
      {open && (
        <>
          <CropEditor crop={crop} onSaved={onSaved} />
          <Varieties crop={crop} onSaved={onSaved} />
        </>
      )}
    </article>
  );
}

export function CatalogueView() {
  const [crops, setList] = useState<CropResponse[] | null>(null);
  const [emptyHouse, setEmptyHouse] = useState<EmptyHouseResponse | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState('');
  const show = (list: CropResponse[]) => {
    setList(list);
    // The rest of the page (crop names in orders and batches) sees the edit too.
    setCrops(list);
  };
  useEffect(() => {
    request('GET /api/crops')
      .then(show)
      .catch((e: unknown) => setError(errorMessage(e)));
    request('GET /api/crops/empty-house')
      .then(setEmptyHouse)
      .catch(() => undefined);
  }, []);
  const saved = (crop: CropResponse) =>
    show(
      crops?.some((c) => c.key === crop.key)
        ? crops.map((c) => (c.key === crop.key ? crop : c))
        : [...(crops ?? []), crop],
    );
  if (error) return <p class="error">{error}</p>;
  if (crops === null) return <p class="muted">{t('loading')}</p>;
  return (
    <div class="ms cat" data-testid="catalogue">
      <p class="muted">{t('catNote')}</p>
      <NewCropForm
        crops={crops}
        onAdded={(crop) => {
          saved(crop);
          setOpen(crop.key);
        }}
      />
      {crops.map((crop) => (
        <CropCard
          crop={crop}
          open={open === crop.key}
          onToggle={() => setOpen(open === crop.key ? null : crop.key)}
          onSaved={saved}
        />
      ))}
      {emptyHouse && <EmptyHouseForm crops={crops} value={emptyHouse} onSaved={setEmptyHouse} />}
    </div>
  );
}
