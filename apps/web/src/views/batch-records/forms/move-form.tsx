// Trays of a batch moved to another house, with a warning when the house's climate cannot suit them.
import { useEffect, useState } from 'preact/hooks';
import type { BatchResponse, BenchResponse } from '#contracts';
import { request } from '../../../api.ts';
import { locale, t } from '../../../i18n.ts';
import { bandText, houseTargets } from '../../house/targets.ts';
import { cropName, cropNames, stageText, useCropNames } from '../../orders.tsx';
import { zoneName } from '../data.ts';
import { num } from '../text.ts';
import { EntryForm, type FormProps } from './entry-form.tsx';
import { BenchChoice, Benches, Count, ZoneSelect } from './fields.tsx';

/** Some or all trays from where they stand to another house (and benches): one batch, a move event. */
export function MoveForm({ batch, zones, batches, onDone }: FormProps) {
  const places =
    batch.locations.length > 0
      ? batch.locations
      : [{ zone: batch.zone, benches: batch.benches, trays: batch.trays }];
  const [from, setFrom] = useState(0);
  const place = places[from] ?? places[0];
  const [trays, setTrays] = useState(String(place.trays));
  const [to, setTo] = useState(
    zones.find((z) => z.code !== place.zone && z.kind === 'greenhouse')?.code ?? place.zone,
  );
  const [benches, setBenches] = useState('');
  // The target house's bench records; where it has none, the benches stay free text as before.
  const [records, setRecords] = useState<BenchResponse[]>([]);
  const [benchIds, setBenchIds] = useState<string[]>([]);
  useEffect(() => {
    setBenchIds([]);
    setRecords([]);
    let current = true;
    request('GET /api/zones/:zone/benches', { params: { zone: to } })
      .then((list) => current && setRecords(list))
      .catch(() => current && setRecords([]));
    return () => {
      current = false;
    };
  }, [to]);
  return (
    <EntryForm
      name="move"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/moves', {
          params: { id: batch.id },
          body: {
            zone: to,
            trays: Number(trays),
            from: place.zone,
            fromBenches: place.benches ?? undefined,
            ...(records.length > 0
              ? { benchIds: benchIds.length > 0 ? benchIds : undefined }
              : { benches: benches.trim() || undefined }),
          },
        })
      }
    >
      <label>
        {t('moveFrom')}
        <select
          name="from"
          value={String(from)}
          onChange={(e) => {
            const index = Number(e.currentTarget.value);
            setFrom(index);
            setTrays(String(places[index]?.trays ?? 0));
          }}
        >
          {places.map((p, index) => (
            <option value={String(index)}>
              {zoneName(zones, p.zone)}
              {p.benches ? ` ${p.benches}` : ''} · {num(p.trays)} {t('trays')}
            </option>
          ))}
        </select>
      </label>
      <div class="with-button">
        <Count
          label="moveTrays"
          name="trays"
          value={trays}
          onValue={setTrays}
          required
          min={1}
          max={place.trays}
        />
        <button type="button" onClick={() => setTrays(String(place.trays))}>
          {t('allTrays')}
        </button>
      </div>
      <label>
        {t('moveTo')}
        <ZoneSelect name="to" zones={zones} value={to} onValue={setTo} />
      </label>
      {records.length > 0 ? (
        <BenchChoice benches={records} chosen={benchIds} onChosen={setBenchIds} />
      ) : (
        <Benches value={benches} onValue={setBenches} />
      )}
      <ClimateClash batch={batch} batches={batches} to={to} />
    </EntryForm>
  );
}

/**
 * Warns when the house a batch moves to holds batches whose day or night air bands do not overlap
 * with its own: no temperature suits them all, so one of them will grow out of its band.
 */
function ClimateClash({
  batch,
  batches,
  to,
}: {
  batch: BatchResponse;
  batches: readonly BatchResponse[];
  to: string;
}) {
  useCropNames();
  const there = batches.filter((b) => b.id !== batch.id && b.zone === to);
  const targets = houseTargets([batch, ...there], cropNames, 12);
  if (!targets || targets.each.length < 2 || (targets.day && targets.night)) return null;
  return (
    <p class="warning" role="status" data-testid="climate-clash">
      {t('moveClimateClash')}{' '}
      {targets.each
        .map(
          (e) =>
            `${cropName(e.crop)} ${stageText(e.stage)} ${t('day')} ${bandText(e.day)} / ${t('night')} ${bandText(e.night)}`,
        )
        .join(locale.get() === 'en' ? '; ' : '；')}
    </p>
  );
}
