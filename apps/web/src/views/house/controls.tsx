import { useState } from 'preact/hooks';
import type { CommandResponse, CommandStatus, IssueCommandRequest } from '#contracts';
import { ApiError, request } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';

/** Interlocks a person may override with a reason (the api answers 409 with one of these codes). */
const FORCEABLE = new Set(['IRRIGATION_TOO_SOON', 'IRRIGATION_WINTER_NIGHT']);

const COMMAND_LABEL: Record<string, MessageKey> = {
  irrigate: 'irrigate',
  setpoint: 'setpoint',
  'bench-heat': 'benchHeat',
};
const STATUS_TEXT: Record<CommandStatus, MessageKey> = {
  queued: 'cmdQueued',
  sent: 'cmdSent',
  done: 'cmdDone',
  rejected: 'cmdRejected',
  failed: 'cmdFailed',
  expired: 'cmdExpired',
  timed_out: 'cmdTimedOut',
};
/** A setpoint held against the schedules for this long, then the schedules take over again. */
const HOLD_CHOICES = [0, 60, 120, 240, 720] as const;

interface Pending {
  readonly body: IssueCommandRequest;
  /** What the person is asked to confirm, in their language. */
  readonly summary: string;
}

/** House number "b3" → "3": benches are named b1, b2 … until the catalogue gives them records. */
const benchIds = (count: number | null | undefined) =>
  Array.from({ length: Math.max(0, Math.min(count ?? 0, 40)) }, (_, index) => `b${index + 1}`);

function fill(template: MessageKey, values: Record<string, string | number>): string {
  return t(template).replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/**
 * The house's actuators: irrigation of chosen benches, the heating setpoint (prefilled with the one
 * in force, optionally held against the schedules), bench heat. Every command is confirmed before it
 * goes; an interlock a person may override asks for a reason; each command's state is shown as the
 * device reported it.
 */
export function Controls({
  code,
  equipment,
  benches,
  setpointNow,
  commands,
  onCommand,
}: {
  code: string;
  equipment: { boom: boolean; heating: boolean; bench: boolean };
  benches: number | null | undefined;
  /** The heater's setpoint as last reported, to start the field from. */
  setpointNow: number | undefined;
  commands: CommandResponse[];
  onCommand: () => void;
}) {
  const [seconds, setSeconds] = useState(60);
  const [someBenches, setSomeBenches] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [setpoint, setSetpoint] = useState<number | null>(null);
  const [hold, setHold] = useState<number>(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const [refusal, setRefusal] = useState<{ body: IssueCommandRequest; message: string } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<CommandResponse[]>([]);
  const shownSetpoint = setpoint ?? setpointNow ?? 16;
  const benchList = benchIds(benches);

  const send = async (body: IssueCommandRequest) => {
    setError('');
    setBusy(true);
    try {
      const command = await request('POST /api/zones/:zone/commands', { params: { zone: code }, body });
      setLocal((l) => [command, ...l].slice(0, 5));
      setPending(null);
      setRefusal(null);
      setReason('');
      onCommand();
    } catch (e) {
      setPending(null);
      if (e instanceof ApiError && FORCEABLE.has(e.code)) setRefusal({ body, message: errorMessage(e) });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const ask = (body: IssueCommandRequest, summary: string) => {
    setError('');
    setRefusal(null);
    setPending({ body, summary });
  };

  const irrigate = () => {
    const params = chosen.length > 0 ? { seconds, benches: chosen } : { seconds };
    const where = chosen.length > 0 ? chosen.map((b) => b.slice(1)).join(', ') : t('ctlAllBenches');
    ask({ name: 'irrigate', params }, fill('ctlAskIrrigate', { seconds, benches: where }));
  };
  const setHeating = () => {
    const body: IssueCommandRequest = {
      name: 'setpoint',
      params: { sp_c: shownSetpoint },
      ...(hold > 0 ? { holdMinutes: hold } : {}),
    };
    const held = hold > 0 ? fill('ctlHeldFor', { hours: hold / 60 }) : t('ctlUntilSchedule');
    ask(body, fill('ctlAskSetpoint', { sp: shownSetpoint, held }));
  };
  const benchHeat = (on: boolean) =>
    ask({ name: 'bench-heat', params: { on } }, t(on ? 'ctlAskBenchOn' : 'ctlAskBenchOff'));

  const shown = [...commands, ...local.filter((c) => !commands.some((k) => k.id === c.id))].slice(0, 5);
  return (
    <div class="controls" data-testid={`controls-${code}`}>
      {equipment.boom && (
        <fieldset class="control-group">
          <legend>{t('irrigate')}</legend>
          {benchList.length > 0 && (
            <label class="check">
              <input
                type="checkbox"
                data-testid={`some-benches-${code}`}
                checked={someBenches}
                onChange={(e) => {
                  setSomeBenches(e.currentTarget.checked);
                  if (!e.currentTarget.checked) setChosen([]);
                }}
              />
              {t('ctlSomeBenches')}
            </label>
          )}
          {someBenches && (
            // A house has up to 40 benches: number toggles in a grid, not 40 labelled checkboxes.
            <div class="bench-choice" role="group" aria-label={t('ctlBenches')}>
              {benchList.map((bench) => (
                <label class={`bench-toggle${chosen.includes(bench) ? ' on' : ''}`}>
                  <input
                    type="checkbox"
                    data-testid={`bench-${code}-${bench}`}
                    aria-label={fill('ctlBench', { n: bench.slice(1) })}
                    checked={chosen.includes(bench)}
                    onChange={(e) =>
                      setChosen((list) =>
                        e.currentTarget.checked ? [...list, bench] : list.filter((b) => b !== bench),
                      )
                    }
                  />
                  {bench.slice(1)}
                </label>
              ))}
            </div>
          )}
          <div class="row">
            <label class="inline">
              <input
                type="number"
                min={5}
                max={900}
                value={seconds}
                aria-label={t('seconds')}
                onInput={(e) => setSeconds(Number(e.currentTarget.value))}
              />
              {t('seconds')}
            </label>
            <button data-testid={`irrigate-${code}`} disabled={busy} onClick={irrigate}>
              {t('irrigate')}
            </button>
          </div>
        </fieldset>
      )}
      {equipment.heating && (
        <fieldset class="control-group">
          <legend>{t('setpoint')}</legend>
          <div class="row">
            <label class="inline">
              <input
                type="number"
                step={0.5}
                min={-10}
                max={45}
                value={shownSetpoint}
                data-testid={`setpoint-${code}`}
                aria-label={t('setpoint')}
                onInput={(e) => setSetpoint(Number(e.currentTarget.value))}
              />
              °C
            </label>
            <select
              aria-label={t('ctlHold')}
              data-testid={`hold-${code}`}
              value={String(hold)}
              onChange={(e) => setHold(Number(e.currentTarget.value))}
            >
              {HOLD_CHOICES.map((minutes) => (
                <option value={String(minutes)}>
                  {minutes === 0 ? t('ctlUntilSchedule') : fill('ctlHeldFor', { hours: minutes / 60 })}
                </option>
              ))}
            </select>
            <button data-testid={`set-setpoint-${code}`} disabled={busy} onClick={setHeating}>
              {t('ctlSet')}
            </button>
          </div>
        </fieldset>
      )}
      {equipment.bench && (
        <fieldset class="control-group">
          <legend>{t('benchHeat')}</legend>
          <div class="row">
            <button data-testid={`bench-heat-on-${code}`} disabled={busy} onClick={() => benchHeat(true)}>
              {t('ctlBenchOn')}
            </button>
            <button data-testid={`bench-heat-off-${code}`} disabled={busy} onClick={() => benchHeat(false)}>
              {t('ctlBenchOff')}
            </button>
          </div>
        </fieldset>
      )}
      {pending && (
        <div
          class="confirm"
          role="alertdialog"
          aria-label={t('ctlConfirmTitle')}
          data-testid="confirm-command"
        >
          <p>{pending.summary}</p>
          <div class="row">
            <button
              class="primary"
              data-testid="confirm-send"
              disabled={busy}
              onClick={() => void send(pending.body)}
            >
              {t('ctlSend')}
            </button>
            <button onClick={() => setPending(null)}>{t('cancel')}</button>
          </div>
        </div>
      )}
      {refusal && (
        <div class="confirm refused" role="alert" data-testid="command-refused">
          <p>{refusal.message}</p>
          <label>
            {t('ctlForceReason')}
            <input
              value={reason}
              maxLength={300}
              data-testid="force-reason"
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <div class="row">
            <button
              class="danger"
              data-testid="force-send"
              disabled={busy || reason.trim().length < 3}
              onClick={() => void send({ ...refusal.body, forceReason: reason.trim() })}
            >
              {t('ctlForce')}
            </button>
            <button onClick={() => setRefusal(null)}>{t('cancel')}</button>
          </div>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {shown.length > 0 && (
        <ul class="commands">
          {shown.map((c) => (
            <li data-testid={`command-${c.id}`} data-status={c.status} class={`cmd cmd-${c.status}`}>
              {t(COMMAND_LABEL[c.name] ?? 'commands')} {commandDetail(c)} · {formatDateTime(c.createdAt)} ·{' '}
              <strong>{t(STATUS_TEXT[c.status])}</strong>
              {c.forceReason ? ` · ${t('ctlForced')}: ${c.forceReason}` : ''}
              {c.ackMessage ? ` · ${c.ackMessage}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "60 s, benches 1, 2" / "18 °C" / "on": what the command asked for, short. */
function commandDetail(command: CommandResponse): string {
  const p = command.params;
  if (command.name === 'irrigate') {
    const benches = Array.isArray(p['benches']) ? (p['benches'] as string[]).map((b) => b.slice(1)) : [];
    const amount = typeof p['seconds'] === 'number' ? `${p['seconds']} ${t('seconds')}` : '';
    return benches.length > 0 ? `${amount} (${fill('ctlBench', { n: benches.join(', ') })})` : amount;
  }
  if (command.name === 'setpoint' && typeof p['sp_c'] === 'number') return `${p['sp_c']} °C`;
  if (command.name === 'bench-heat') return t(p['on'] === true ? 'on' : 'off');
  return '';
}
