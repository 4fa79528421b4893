import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import {
  CULL_CAUSES,
  type BatchDetailResponse,
  type BatchEntryResponse,
  type BatchResponse,
  type BatchStage,
  type CorrectionRequest,
  type CullCause,
  type ZoneResponse,
} from '#contracts';
import { request } from '../../api.ts';
import { locale, t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { cropName, cropNames, stageText, useCropNames } from '../orders.tsx';
import { bandText, houseTargets } from '../house/targets.ts';
import { LIVE_STAGES, nurseryToday, zoneName } from './data.ts';
import { cullCauseText, num } from './text.ts';

export interface FormProps {
  batch: BatchDetailResponse;
  zones: readonly ZoneResponse[];
  batches: readonly BatchResponse[];
  /** A stage change's preset (from a work item). */
  stage?: BatchStage;
  onDone: (entry: BatchEntryResponse) => void;
}

/** A write with its busy state and its error in the page's language; the answer goes to onDone. */
function EntryForm({
  name,
  submit,
  onDone,
  children,
}: {
  name: string;
  submit: () => Promise<BatchEntryResponse> | null;
  onDone: (entry: BatchEntryResponse) => void;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <form
      class="entry-form"
      data-testid={`form-${name}`}
      onSubmit={(e) => {
        e.preventDefault();
        const pending = submit();
        if (!pending) return;
        setBusy(true);
        setError('');
        pending
          .then(onDone)
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      {children}
      {error && (
        <p class="error" role="alert" data-testid="entry-error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="entry-submit">
        {t('save')}
      </button>
    </form>
  );
}

/** A whole-number field with the phone's number pad. */
function Count({
  label,
  name,
  value,
  onValue,
  required = false,
  min = 0,
  max,
}: {
  label: MessageKey;
  name: string;
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  min?: number;
  max?: number;
}) {
  return (
    <label>
      {t(label)}
      <input
        type="number"
        inputMode="numeric"
        name={name}
        min={min}
        max={max}
        step={1}
        required={required}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}

const whole = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

function ZoneSelect({
  name,
  zones,
  value,
  onValue,
}: {
  name: string;
  zones: readonly ZoneResponse[];
  value: string;
  onValue: (code: string) => void;
}) {
  return (
    <select name={name} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
      {!zones.some((z) => z.code === value) && <option value={value}>{value}</option>}
      {zones.map((z) => (
        <option value={z.code}>{zoneName(zones, z.code)}</option>
      ))}
    </select>
  );
}

/** A planned batch becomes sown with what was used: trays, cells, seed lot, its germination test. */
export function SowForm({ batch, zones, onDone }: FormProps) {
  const crop = cropNames.get(batch.crop);
  const cellChoices = [...new Set([batch.cells, crop?.traysDefault, ...(crop?.traysAlt ?? [])])].filter(
    (c): c is number => typeof c === 'number',
  );
  const [trays, setTrays] = useState(String(batch.trays));
  const [cells, setCells] = useState(String(batch.cells));
  const [seedLot, setSeedLot] = useState(batch.seedLot ?? '');
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
            seedLot: seedLot.trim(),
            germinationPct: whole(germination),
            date,
            zone,
            benches: benches.trim() || undefined,
          },
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
      <label>
        {t('sowDate')}
        <input
          type="date"
          name="date"
          required
          value={date}
          onInput={(e) => setDate(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('zone')}
        <ZoneSelect name="zone" zones={zones} value={zone} onValue={setZone} />
      </label>
      <Benches value={benches} onValue={setBenches} />
    </EntryForm>
  );
}

/** The stages a technician moves a live batch into (culling a whole batch takes a cause). */
const STAGE_CHOICES: BatchStage[] = [
  'germinating',
  'emerged',
  'true_leaf',
  'healing',
  'hardening',
  'ready',
  'sold_out',
  'culled',
];
const NEXT_STAGE: Partial<Record<BatchStage, BatchStage>> = {
  sown: 'germinating',
  germinating: 'emerged',
  emerged: 'true_leaf',
  true_leaf: 'hardening',
  grafted: 'healing',
  healing: 'hardening',
  hardening: 'ready',
  ready: 'sold_out',
};

function CauseChoice({ value, onValue }: { value: CullCause | ''; onValue: (cause: CullCause) => void }) {
  return (
    <fieldset class="causes">
      <legend>{t('cullCause')}</legend>
      {CULL_CAUSES.map((cause) => (
        <label class={`cause${value === cause ? ' chosen' : ''}`} data-testid={`cause-${cause}`}>
          <input
            type="radio"
            name="cullReason"
            value={cause}
            required
            checked={value === cause}
            onChange={() => onValue(cause)}
          />
          {cullCauseText(cause)}
        </label>
      ))}
    </fieldset>
  );
}

export function StageForm({ batch, stage: preset, onDone }: FormProps) {
  const [stage, setStage] = useState<BatchStage>(preset ?? NEXT_STAGE[batch.stage] ?? 'emerged');
  const [cause, setCause] = useState<CullCause | ''>('');
  const [note, setNote] = useState('');
  return (
    <EntryForm
      name="stage"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/stages', {
          params: { id: batch.id },
          body: {
            stage,
            cullReason: stage === 'culled' && cause !== '' ? cause : undefined,
            note: note.trim() || undefined,
          },
        })
      }
    >
      <label>
        {t('newStage')}
        <select name="stage" value={stage} onChange={(e) => setStage(e.currentTarget.value as BatchStage)}>
          {STAGE_CHOICES.map((s) => (
            <option value={s}>{stageText(s)}</option>
          ))}
        </select>
      </label>
      {stage === 'culled' && <CauseChoice value={cause} onValue={setCause} />}
      <Note value={note} onValue={setNote} />
    </EntryForm>
  );
}

/** A free-text field that may stay empty. */
function OptionalText({
  label,
  name,
  maxLength,
  value,
  onValue,
}: {
  label: MessageKey;
  name: string;
  maxLength: number;
  value: string;
  onValue: (v: string) => void;
}) {
  return (
    <label>
      {t(label)}
      <input
        name={name}
        maxLength={maxLength}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}

/** Which benches of the house (free text until benches are records of their own). */
const Benches = (props: { value: string; onValue: (v: string) => void }) => (
  <OptionalText label="benchesOptional" name="benches" maxLength={200} {...props} />
);

const Note = (props: { value: string; onValue: (v: string) => void }) => (
  <OptionalText label="noteOptional" name="note" maxLength={300} {...props} />
);

/** Emerged and saleable are counts of the whole batch; refilled adds the cells refilled now. */
export function CountsForm({ batch, onDone }: FormProps) {
  const [emerged, setEmerged] = useState('');
  const [refilled, setRefilled] = useState('');
  const [saleable, setSaleable] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <EntryForm
      name="counts"
      onDone={onDone}
      submit={() => {
        const body = {
          emerged: whole(emerged),
          refilled: whole(refilled),
          saleable: whole(saleable),
          note: note.trim() || undefined,
        };
        const nothing =
          body.emerged === undefined && body.refilled === undefined && body.saleable === undefined;
        setMissing(nothing);
        return nothing ? null : request('POST /api/batches/:id/counts', { params: { id: batch.id }, body });
      }}
    >
      <Count label="emergedCount" name="emerged" value={emerged} onValue={setEmerged} />
      <Count label="refilledCount" name="refilled" value={refilled} onValue={setRefilled} />
      <Count label="saleableCount" name="saleable" value={saleable} onValue={setSaleable} />
      <Note value={note} onValue={setNote} />
      {missing && <p class="error">{t('countMissing')}</p>}
    </EntryForm>
  );
}

export function CullForm({ batch, onDone }: FormProps) {
  const [culled, setCulled] = useState('');
  const [cause, setCause] = useState<CullCause | ''>('');
  const [note, setNote] = useState('');
  return (
    <EntryForm
      name="cull"
      onDone={onDone}
      submit={() =>
        cause === ''
          ? null
          : request('POST /api/batches/:id/counts', {
              params: { id: batch.id },
              body: { culled: Number(culled), cullReason: cause, note: note.trim() || undefined },
            })
      }
    >
      <Count label="culledCount" name="culled" value={culled} onValue={setCulled} required min={1} />
      <CauseChoice value={cause} onValue={setCause} />
      <Note value={note} onValue={setNote} />
    </EntryForm>
  );
}

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
            benches: benches.trim() || undefined,
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
      <Benches value={benches} onValue={setBenches} />
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

/** This batch's scions grafted on a rootstock batch: two batches linked by a graft event. */
export function GraftForm({ batch, batches, zones, onDone }: FormProps) {
  const candidates = batches.filter((b) => b.id !== batch.id && LIVE_STAGES.has(b.stage));
  const [rootstock, setRootstock] = useState(batch.rootstockBatchId ?? candidates[0]?.id ?? '');
  const [count, setCount] = useState(batch.emerged !== null ? String(batch.emerged) : '');
  const [date, setDate] = useState(nurseryToday());
  return (
    <EntryForm
      name="graft"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/graft', {
          params: { id: batch.id },
          body: { rootstockBatchId: rootstock, count: Number(count), date },
        })
      }
    >
      <label>
        {t('rootstockBatch')}
        <select
          name="rootstock"
          required
          value={rootstock}
          onChange={(e) => setRootstock(e.currentTarget.value)}
        >
          {candidates.map((b) => (
            <option value={b.id}>
              {b.code} {cropName(b.crop)} {b.cultivar ?? ''} · {zoneName(zones, b.zone)}
            </option>
          ))}
        </select>
      </label>
      <Count label="graftCount" name="count" value={count} onValue={setCount} required min={1} />
      <label>
        {t('graftDate')}
        <input
          type="date"
          name="date"
          required
          value={date}
          onInput={(e) => setDate(e.currentTarget.value)}
        />
      </label>
    </EntryForm>
  );
}

export function SurvivalForm({ batch, onDone }: FormProps) {
  const [survived, setSurvived] = useState('');
  return (
    <EntryForm
      name="survival"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/counts', {
          params: { id: batch.id },
          body: { survived: Number(survived) },
        })
      }
    >
      <Count label="survivedCount" name="survived" value={survived} onValue={setSurvived} required />
    </EntryForm>
  );
}

const CORRECTABLE: [CorrectionRequest['field'], MessageKey][] = [
  ['emerged', 'fieldEmerged'],
  ['refilled', 'fieldRefilled'],
  ['culled', 'fieldCulled'],
  ['saleable', 'fieldSaleable'],
  ['survived', 'fieldSurvived'],
];

/** A wrong count is set right by a correction entry (the history keeps both), never by deleting. */
export function CorrectionForm({ batch, onDone }: FormProps) {
  const current = (field: CorrectionRequest['field']) => {
    const value = batch[field];
    return value === null ? '' : String(value);
  };
  const [field, setField] = useState<CorrectionRequest['field']>('emerged');
  const [value, setValue] = useState(current('emerged'));
  const [reason, setReason] = useState('');
  return (
    <EntryForm
      name="correction"
      onDone={onDone}
      submit={() =>
        request('POST /api/batches/:id/corrections', {
          params: { id: batch.id },
          body: { field, value: Number(value), reason: reason.trim() },
        })
      }
    >
      <label>
        {t('correctField')}
        <select
          name="field"
          value={field}
          onChange={(e) => {
            const next = e.currentTarget.value as CorrectionRequest['field'];
            setField(next);
            setValue(current(next));
          }}
        >
          {CORRECTABLE.filter(([f]) => f !== 'survived' || batch.grafted).map(([f, label]) => (
            <option value={f}>{t(label)}</option>
          ))}
        </select>
      </label>
      <Count label="correctValue" name="value" value={value} onValue={setValue} required />
      <label>
        {t('correctReason')}
        <input
          name="reason"
          required
          maxLength={300}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
    </EntryForm>
  );
}
