// Sowing a planned batch: trays, cells, variety, seed lot, germination test, date and house.
import { useState } from 'preact/hooks';
import { request } from '../../../api.ts';
import { localName, locale, t } from '../../../i18n.ts';
import { cropNames, reloadCrops } from '../../orders.tsx';
import { nurseryToday } from '../data.ts';
import { tf } from '../text.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { Benches, Count, DateField, ZoneSelect, whole } from './fields.tsx';

/**
 * A planned batch becomes sown with what was used: trays, cells, the variety (one of the crop's or a
 * new name, which the server adds to the catalogue), seed lot, its germination test.
 */
export function SowForm({ batch, zones, onDone }: FormProps) {
  const crop = cropNames.get(batch.crop);
  const cellChoices = [...new Set([batch.cells, crop?.traysDefault, ...(crop?.traysAlt ?? [])])].filter(
    (c): c is number => typeof c === 'number',
  );
  const [trays, setTrays] = useState(String(batch.trays));
  const [cells, setCells] = useState(String(batch.cells));
  const [cultivar, setCultivar] = useState(batch.cultivar ?? '');
  const [seedLot, setSeedLot] = useState(batch.seedLot ?? '');
  const varieties = crop?.varieties ?? [];
  const typed = cultivar.trim();
  const changed = batch.cultivar !== null && typed !== batch.cultivar;
  const isNew = typed !== '' && !varieties.some((v) => v.name === typed);
  const [germination, setGermination] = useState('');
  const [date, setDate] = useState(nurseryToday());
  const [zone, setZone] = useState(batch.zone);
  const [benches, setBenches] = useState(batch.benches ?? '');
  return (
    <EntryForm
      name="sow"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/sow', {
          params: { id: batch.id },
          body: {
            trays: Number(trays),
            cells: Number(cells),
            cultivar: typed || undefined,
            seedLot: seedLot.trim(),
            germinationPct: whole(germination),
            date,
            zone,
            benches: benches.trim() || undefined,
          },
        }).then((entry) => {
          // A new name became a variety of the crop: the page's catalogue learns it now, not at a reload.
          if (isNew) reloadCrops();
          return entry;
        })
      }
    >
      <Count label="moveTrays" name="trays" value={trays} onValue={setTrays} required min={1} />
      <label>
        {t('cellsPerTray')}
        <select name="cells" value={cells} onChange={(e) => setCells(e.currentTarget.value)}>
          {cellChoices.map((c) => (
            <option value={String(c)}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        {t('variety')}
        <input
          name="cultivar"
          list={`varieties-${batch.id}`}
          maxLength={100}
          autoComplete="off"
          placeholder={t('sowVarietyHint')}
          value={cultivar}
          onInput={(e) => setCultivar(e.currentTarget.value)}
        />
        <datalist id={`varieties-${batch.id}`}>
          {varieties.map((v) => (
            <option value={v.name}>{locale.get() === 'en' && v.nameEn ? localName(v) : ''}</option>
          ))}
        </datalist>
      </label>
      {(changed || isNew) && (
        <p class="muted" data-testid="sow-variety-note">
          {[
            changed ? tf('sowVarietyChanged', { name: batch.cultivar ?? '' }) : '',
            isNew ? tf('sowVarietyNew', { name: typed }) : '',
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      )}
      <label>
        {t('seedLot')}
        <input
          name="seedLot"
          required
          maxLength={100}
          value={seedLot}
          onInput={(e) => setSeedLot(e.currentTarget.value)}
        />
      </label>
      <Count
        label="germinationPct"
        name="germinationPct"
        value={germination}
        onValue={setGermination}
        min={1}
        max={100}
      />
      <DateField label="sowDate" value={date} onValue={setDate} />
      <label>
        {t('zone')}
        <ZoneSelect name="zone" zones={zones} value={zone} onValue={setZone} />
      </label>
      <Benches value={benches} onValue={setBenches} />
    </EntryForm>
  );
}
