import { useEffect, useState } from 'preact/hooks';
import type { ScheduleKind, ScheduleResponse, ScheduleSlot } from '#contracts';
import { request } from '../../api.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';

const KIND_TEXT: Record<ScheduleKind, MessageKey> = {
  irrigation: 'schIrrigation',
  setpoint: 'schSetpoint',
  'moisture-irrigation': 'schMoisture',
};

/** One row of the form: a time of day and its amount (seconds of irrigation, or °C). */
interface SlotDraft {
  at: string;
  amount: number;
}

interface Draft {
  id: string | null;
  name: string;
  kind: ScheduleKind;
  slots: SlotDraft[];
  moistureBelowPct: number;
  enabled: boolean;
}

const NEW_DRAFT: Draft = {
  id: null,
  name: '',
  kind: 'irrigation',
  slots: [{ at: '08:00', amount: 90 }],
  moistureBelowPct: 35,
  enabled: true,
};

const amountOf = (kind: ScheduleKind, slot: ScheduleSlot): number => {
  const value = kind === 'setpoint' ? slot.params['sp_c'] : slot.params['seconds'];
  return typeof value === 'number' ? value : 0;
};

function draftOf(schedule: ScheduleResponse): Draft {
  return {
    id: schedule.id,
    name: schedule.name,
    kind: schedule.kind,
    slots: schedule.slots.map((slot) => ({ at: slot.at, amount: amountOf(schedule.kind, slot) })),
    moistureBelowPct: schedule.moistureBelowPct ?? 35,
    enabled: schedule.enabled,
  };
}

/** The slots as the api takes them: irrigation `{seconds}`, setpoint `{sp_c}`; moisture has one. */
function slotsOf(draft: Draft): ScheduleSlot[] {
  const slots = draft.kind === 'moisture-irrigation' ? draft.slots.slice(0, 1) : draft.slots;
  return slots.map((slot) => ({
    at: draft.kind === 'moisture-irrigation' ? '00:00' : slot.at,
    params: draft.kind === 'setpoint' ? { sp_c: slot.amount } : { seconds: slot.amount },
  }));
}

function slotText(kind: ScheduleKind, slot: ScheduleSlot): string {
  const amount = amountOf(kind, slot);
  if (kind === 'setpoint') return `${slot.at} ${amount} °C`;
  if (kind === 'moisture-irrigation') return `${amount} ${t('seconds')}`;
  return `${slot.at} ${amount} ${t('seconds')}`;
}

/**
 * A house's schedules (irrigation times, day and night setpoints, irrigation when the substrate is
 * dry), listed and edited by the technician or the manager. The api audits every change.
 */
export function Schedules({ code }: { code: string }) {
  const [list, setList] = useState<ScheduleResponse[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () =>
    request('GET /api/zones/:zone/schedules', { params: { zone: code } })
      .then(setList)
      .catch((e: unknown) => setError(errorMessage(e)));
  useEffect(() => void load(), [code]);

  const run = async (work: () => Promise<unknown>) => {
    setError('');
    setBusy(true);
    try {
      await work();
      setDraft(null);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const save = (d: Draft) =>
    run(() =>
      d.id === null
        ? request('POST /api/zones/:zone/schedules', {
            params: { zone: code },
            body: {
              name: d.name.trim(),
              kind: d.kind,
              slots: slotsOf(d),
              enabled: d.enabled,
              ...(d.kind === 'moisture-irrigation' ? { moistureBelowPct: d.moistureBelowPct } : {}),
            },
          })
        : request('PATCH /api/zones/:zone/schedules/:id', {
            params: { zone: code, id: d.id },
            body: {
              name: d.name.trim(),
              slots: slotsOf(d),
              enabled: d.enabled,
              ...(d.kind === 'moisture-irrigation' ? { moistureBelowPct: d.moistureBelowPct } : {}),
            },
          }),
    );
  const toggle = (schedule: ScheduleResponse) =>
    run(() =>
      request('PATCH /api/zones/:zone/schedules/:id', {
        params: { zone: code, id: schedule.id },
        body: { enabled: !schedule.enabled },
      }),
    );
  const remove = (schedule: ScheduleResponse) => {
    if (!window.confirm(t('schAskDelete').replace('{name}', schedule.name))) return;
    void run(() =>
      request('DELETE /api/zones/:zone/schedules/:id', { params: { zone: code, id: schedule.id } }),
    );
  };

  return (
    <div class="schedules" data-testid={`schedules-${code}`}>
      {list === null && !error && <p class="muted">{t('loading')}</p>}
      {list !== null && list.length === 0 && <p class="muted">{t('schNone')}</p>}
      <ul>
        {(list ?? []).map((schedule) => (
          <li data-testid={`schedule-${schedule.name}`}>
            <strong>{schedule.name}</strong> · {t(KIND_TEXT[schedule.kind])}
            {!schedule.enabled && <span class="muted"> · {t('schPaused')}</span>}
            <div>
              {schedule.kind === 'moisture-irrigation' &&
                `${t('schBelow').replace('{pct}', String(schedule.moistureBelowPct ?? ''))}: `}
              {schedule.slots.map((slot) => slotText(schedule.kind, slot)).join('; ')}
            </div>
            <div class="row">
              <button disabled={busy} onClick={() => setDraft(draftOf(schedule))}>
                {t('msEdit')}
              </button>
              <button disabled={busy} onClick={() => void toggle(schedule)}>
                {schedule.enabled ? t('schPause') : t('schResume')}
              </button>
              <button disabled={busy} onClick={() => remove(schedule)}>
                {t('delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {draft === null ? (
        <button data-testid={`schedule-add-${code}`} onClick={() => setDraft({ ...NEW_DRAFT })}>
          {t('schAdd')}
        </button>
      ) : (
        <ScheduleForm draft={draft} busy={busy} onChange={setDraft} onSave={(d) => void save(d)} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Folded under the controls; the schedules load only when someone opens them. */
export function SchedulesPanel({ code }: { code: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="schedules-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid={`schedules-open-${code}`}>{t('schedules')}</summary>
      {open && <Schedules code={code} />}
    </details>
  );
}

function ScheduleForm({
  draft,
  busy,
  onChange,
  onSave,
}: {
  draft: Draft;
  busy: boolean;
  onChange: (draft: Draft | null) => void;
  onSave: (draft: Draft) => void;
}) {
  const setSlot = (index: number, patch: Partial<SlotDraft>) =>
    onChange({ ...draft, slots: draft.slots.map((slot, i) => (i === index ? { ...slot, ...patch } : slot)) });
  const moisture = draft.kind === 'moisture-irrigation';
  return (
    <form
      data-testid="schedule-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
    >
      <label>
        {t('schName')}
        <input
          required
          maxLength={100}
          name="name"
          value={draft.name}
          onInput={(e) => onChange({ ...draft, name: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('schKind')}
        <select
          name="kind"
          disabled={draft.id !== null}
          value={draft.kind}
          onChange={(e) => {
            const kind = e.currentTarget.value as ScheduleKind;
            const amount = kind === 'setpoint' ? 16 : 90;
            onChange({ ...draft, kind, slots: draft.slots.map((slot) => ({ ...slot, amount })) });
          }}
        >
          {(Object.keys(KIND_TEXT) as ScheduleKind[]).map((kind) => (
            <option value={kind}>{t(KIND_TEXT[kind])}</option>
          ))}
        </select>
      </label>
      {moisture && (
        <label>
          {t('schBelowLabel')}
          <input
            type="number"
            name="moistureBelowPct"
            min={5}
            max={90}
            value={draft.moistureBelowPct}
            onInput={(e) => onChange({ ...draft, moistureBelowPct: Number(e.currentTarget.value) })}
          />
        </label>
      )}
      {(moisture ? draft.slots.slice(0, 1) : draft.slots).map((slot, index) => (
        <div class="slot">
          {!moisture && (
            <input
              type="time"
              required
              aria-label={t('schTime')}
              name={`at-${index}`}
              value={slot.at}
              onInput={(e) => setSlot(index, { at: e.currentTarget.value })}
            />
          )}
          <input
            type="number"
            required
            aria-label={draft.kind === 'setpoint' ? t('setpoint') : t('seconds')}
            name={`amount-${index}`}
            step={draft.kind === 'setpoint' ? 0.5 : 5}
            min={draft.kind === 'setpoint' ? -10 : 5}
            max={draft.kind === 'setpoint' ? 45 : 900}
            value={slot.amount}
            onInput={(e) => setSlot(index, { amount: Number(e.currentTarget.value) })}
          />
          <span>{draft.kind === 'setpoint' ? '°C' : t('seconds')}</span>
          {!moisture && draft.slots.length > 1 && (
            <button
              type="button"
              onClick={() => onChange({ ...draft, slots: draft.slots.filter((_, i) => i !== index) })}
            >
              {t('delete')}
            </button>
          )}
        </div>
      ))}
      {!moisture && draft.slots.length < 24 && (
        <button
          type="button"
          data-testid="schedule-add-slot"
          onClick={() =>
            onChange({ ...draft, slots: [...draft.slots, { ...draft.slots[draft.slots.length - 1] }] })
          }
        >
          {t('schAddTime')}
        </button>
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => onChange({ ...draft, enabled: e.currentTarget.checked })}
        />
        {t('schEnabled')}
      </label>
      <div class="row">
        <button class="primary" type="submit" disabled={busy} data-testid="schedule-save">
          {t('save')}
        </button>
        <button type="button" onClick={() => onChange(null)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
