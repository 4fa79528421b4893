import { useEffect, useRef, useState } from 'preact/hooks';
import { formatStamp, type AlarmResponse } from '#contracts';
import { alarmText, severityText } from '../alarm-text.ts';
import { alarmSound, alarmSoundPlays, playAlarmSound, toggleAlarmSound } from '../alarm-sound.ts';
import { SilenceSirenButton } from './siren-button.tsx';
import { request } from '../api.ts';
import { locale, localName, t } from '../i18n.ts';
import { errorMessage } from '../messages.ts';
import { useSignal } from '../state.ts';
import { AlarmHistory } from './alarm-history.tsx';
import { DevicePanel } from './device-panel.tsx';
import { cropName } from './orders.tsx';
import '../alarms.css';

/** What the list needs of a house: its code and names. */
export interface AlarmHouse {
  readonly code: string;
  readonly name?: string | null;
  readonly nameEn?: string | null;
}

/**
 * The technician's open alarms: what, where, whom it hits; acknowledged with a note written in the
 * page (who, when and the note then stay on the alarm); a new critical alarm beeps once the sound
 * is on; the alarm history below on request.
 */
export function AlarmList({
  alarms,
  onChange,
  zones,
}: {
  alarms: AlarmResponse[] | null;
  onChange: () => void;
  zones: readonly AlarmHouse[];
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [history, setHistory] = useState(false);
  const [devices, setDevices] = useState(false);
  useNewCriticalSound(alarms);
  const zoneName = (code: string) =>
    code === '*' ? t('wholeSite') : localName(zones.find((z) => z.code === code)) || code;
  return (
    <section class="panel alarms" data-testid="alarms">
      <header class="alarms-head">
        <h2>{t('activeAlarms')}</h2>
        <SoundButton />
      </header>
      <SilenceSirenButton alarms={alarms} />
      {alarms === null ? (
        <p class="muted">{t('loading')}</p>
      ) : alarms.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <ul>
          {alarms.map((alarm) => (
            <AlarmItem
              key={alarm.id}
              alarm={alarm}
              zoneName={zoneName(alarm.zone)}
              formOpen={open === alarm.id}
              onForm={(show) => setOpen(show ? alarm.id : null)}
              onChange={onChange}
            />
          ))}
        </ul>
      )}
      <button
        type="button"
        class="link"
        data-testid="toggle-alarm-history"
        aria-expanded={history}
        onClick={() => setHistory(!history)}
      >
        {t(history ? 'hideAlarmHistory' : 'showAlarmHistory')}
      </button>
      <button
        type="button"
        class="link"
        data-testid="toggle-devices"
        aria-expanded={devices}
        onClick={() => setDevices(!devices)}
      >
        {t(devices ? 'hideDevices' : 'showDevices')}
      </button>
      {history && <AlarmHistory zones={zones} />}
      {devices && <DevicePanel zones={zones} />}
    </section>
  );
}

function AlarmItem({
  alarm,
  zoneName,
  formOpen,
  onForm,
  onChange,
}: {
  alarm: AlarmResponse;
  zoneName: string;
  formOpen: boolean;
  onForm: (show: boolean) => void;
  onChange: () => void;
}) {
  const { id, state } = alarm;
  const villages = alarm.impact?.villages ?? [];
  const impactBatches = alarm.impact?.batches ?? [];
  const orders = alarm.impact?.orders ?? [];
  const text = alarmText(alarm);
  const en = locale.get() === 'en';
  const list = (items: string[]) => items.join(en ? ', ' : '、');
  return (
    <li
      class={`alarm sev-${alarm.severity}`}
      data-testid={`alarm-${id}`}
      data-state={state}
      data-rule={alarm.rule}
    >
      <div>
        <strong data-testid="alarm-title">{text.title}</strong>
        <span class="sev">{severityText(alarm.severity)}</span>
        <div data-testid="alarm-message">{text.message}</div>
        <div class="muted">
          {zoneName} · {formatStamp(alarm.raisedAt ?? alarm.since)}
        </div>
      </div>
      {(impactBatches.length > 0 || villages.length > 0) && (
        <div class="impact" data-testid="impact">
          {t('impact')}: {impactBatches.length} {t('batches')}
          {impactBatches.length > 0 &&
            (en ? ' (' : '（') +
              list(impactBatches.map((b) => `${b.code} ${cropName(b.crop)}`)) +
              (en ? ')' : '）')}
          {orders.length > 0 && ` · ${orders.length} ${t('orders')}`}
          {villages.length > 0 && ` · ${list(villages)}`}
        </div>
      )}
      {state === 'acknowledged' ? (
        <AckInfo alarm={alarm} />
      ) : formOpen ? (
        <AckForm id={id} onDone={() => (onForm(false), onChange())} onCancel={() => onForm(false)} />
      ) : (
        <button data-testid={`ack-${id}`} onClick={() => onForm(true)}>
          {t('acknowledge')}
        </button>
      )}
    </li>
  );
}

/** Who acknowledged, when (nursery time) and what they wrote. */
export function AckInfo({
  alarm,
}: {
  alarm: Pick<AlarmResponse, 'acknowledgedBy' | 'acknowledgedAt' | 'ackComment'>;
}) {
  return (
    <div class="ack-info" data-testid="ack-info">
      <span class="tag">{t('acknowledged')}</span>{' '}
      <span data-testid="ack-by">{alarm.acknowledgedBy ?? '—'}</span> ·{' '}
      <span data-testid="ack-at">{formatStamp(alarm.acknowledgedAt)}</span>
      {alarm.ackComment && (
        <>
          {' · '}
          <span data-testid="ack-note">{alarm.ackComment}</span>
        </>
      )}
    </div>
  );
}

/** The note is required: the api keeps who acknowledged and why. */
function AckForm({ id, onDone, onCancel }: { id: string; onDone: () => void; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    const comment = note.trim();
    if (!comment) {
      setError(t('ackNoteMissing'));
      return;
    }
    setBusy(true);
    try {
      await request('POST /api/alarms/:id/ack', { params: { id }, body: { comment } });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="ack-form" data-testid={`ack-form-${id}`} onSubmit={(e) => void submit(e)}>
      <label>
        {t('ackNote')}
        <input
          ref={input}
          name="comment"
          maxLength={500}
          placeholder={t('ackDefault')}
          value={note}
          onInput={(e) => {
            setNote(e.currentTarget.value);
            setError('');
          }}
        />
      </label>
      <div class="ack-buttons">
        <button type="submit" class="primary" disabled={busy} data-testid={`ack-submit-${id}`}>
          {t('ackSubmit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      {error && <p class="error">{error}</p>}
    </form>
  );
}

function SoundButton() {
  const state = useSignal(alarmSound);
  const plays = useSignal(alarmSoundPlays);
  const label = state === 'on' ? 'alarmSoundOn' : state === 'blocked' ? 'alarmSoundBlocked' : 'alarmSoundOff';
  return (
    <button
      type="button"
      class={`sound sound-${state}`}
      data-testid="alarm-sound"
      data-alarm-sound
      data-state={state}
      data-plays={plays}
      aria-pressed={state === 'on'}
      onClick={() => void toggleAlarmSound()}
    >
      {t(label)}
    </button>
  );
}

/**
 * Beeps when a critical alarm becomes active that this page has not seen raised before. The
 * alarms open when the page loaded are known already: only news makes a sound.
 */
function useNewCriticalSound(alarms: AlarmResponse[] | null): void {
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (alarms === null) return;
    const raised = alarms.filter((a) => a.state !== 'pending');
    if (known.current === null) {
      known.current = new Set(raised.map((a) => a.id));
      return;
    }
    const seen = known.current;
    const news = raised.filter((a) => !seen.has(a.id));
    for (const alarm of news) seen.add(alarm.id);
    if (news.some((a) => a.severity === 'critical' && a.state === 'active')) playAlarmSound();
  }, [alarms]);
}
