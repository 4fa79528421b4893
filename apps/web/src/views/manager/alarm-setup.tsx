import { useEffect, useState } from 'preact/hooks';
import type { PublicUser, RosterEntryRequest, Severity, Shift, WebhookFormat } from '#contracts';
import { request } from '../../api.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { Deliveries } from './alarm-deliveries.tsx';
import { HouseLimitsSetup } from './house-limits-setup.tsx';
import { RobotCard } from './robot-card.tsx';
import './manager-setup.css';

const SHIFTS: Shift[] = ['day', 'night', 'always'];
const SEVERITIES: Severity[] = ['advisory', 'warning', 'critical'];
const FORMATS: WebhookFormat[] = ['wecom', 'dingtalk', 'json'];

const label = (prefix: string, value: string) => t(`${prefix}_${value}` as MessageKey);

interface Entry {
  name: string;
  userId: string;
  phone: string;
  shift: Shift;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  /** DingTalk's signing secret (加签); kept only for DingTalk robots. */
  webhookSecret: string;
  minSeverity: Severity;
}

const blank = (): Entry => ({
  name: '',
  userId: '',
  phone: '',
  shift: 'night',
  webhookUrl: '',
  webhookFormat: 'wecom',
  webhookSecret: '',
  minSeverity: 'warning',
});

const toRequest = (entry: Entry): RosterEntryRequest => ({
  name: entry.name.trim(),
  shift: entry.shift,
  minSeverity: entry.minSeverity,
  webhookFormat: entry.webhookFormat,
  ...(entry.userId ? { userId: entry.userId } : {}),
  ...(entry.phone.trim() ? { phone: entry.phone.trim() } : {}),
  ...(entry.webhookUrl.trim() ? { webhookUrl: entry.webhookUrl.trim() } : {}),
  ...(entry.webhookFormat === 'dingtalk' && entry.webhookSecret.trim()
    ? { webhookSecret: entry.webhookSecret.trim() }
    : {}),
});

function EntryCard({
  entry,
  index,
  staff,
  onChange,
  onRemove,
}: {
  entry: Entry;
  index: number;
  staff: PublicUser[];
  onChange: (entry: Entry) => void;
  onRemove: () => void;
}) {
  const set = (patch: Partial<Entry>) => onChange({ ...entry, ...patch });
  return (
    <article class="card ms-card" data-testid={`roster-${index}`}>
      <header>
        <b>
          {t('msRosterN').replace('{n}', String(index + 1))} <span class="data">{entry.name}</span>
        </b>
        <span class="ms-badge">{label('msShift', entry.shift)}</span>
      </header>
      <div class="ms-form">
        <label>
          {t('msPerson')}
          <select
            name="userId"
            value={entry.userId}
            onChange={(e) => {
              const user = staff.find((u) => u.id === e.currentTarget.value);
              set(
                user
                  ? { userId: user.id, name: user.name, phone: entry.phone || user.phone }
                  : { userId: '' },
              );
            }}
          >
            <option value="">{t('msPersonOther')}</option>
            {staff.map((user) => (
              <option class="data" value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('msName')}
          <input
            name="name"
            required
            value={entry.name}
            onInput={(e) => set({ name: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('msShift')}
          <select
            name="shift"
            value={entry.shift}
            onChange={(e) => set({ shift: e.currentTarget.value as Shift })}
          >
            {SHIFTS.map((shift) => (
              <option value={shift}>{label('msShift', shift)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('msMinSeverity')}
          <select
            name="minSeverity"
            value={entry.minSeverity}
            onChange={(e) => set({ minSeverity: e.currentTarget.value as Severity })}
          >
            {SEVERITIES.map((severity) => (
              <option value={severity}>{label('msSeverity', severity)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('msRosterPhone')}
          <input
            name="phone"
            inputMode="tel"
            value={entry.phone}
            onInput={(e) => set({ phone: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('msRobotUrl')}
          <input
            name="webhookUrl"
            type="url"
            placeholder="https://oapi.dingtalk.com/robot/send?access_token=…"
            value={entry.webhookUrl}
            onInput={(e) => set({ webhookUrl: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('msRobotFormat')}
          <select
            name="webhookFormat"
            value={entry.webhookFormat}
            onChange={(e) => set({ webhookFormat: e.currentTarget.value as WebhookFormat })}
          >
            {FORMATS.map((format) => (
              <option value={format}>{label('msFormat', format)}</option>
            ))}
          </select>
        </label>
        {entry.webhookFormat === 'dingtalk' && (
          <label>
            {t('msRobotSecret')}
            <input
              name="webhookSecret"
              autoComplete="off"
              placeholder="SEC…"
              value={entry.webhookSecret}
              onInput={(e) => set({ webhookSecret: e.currentTarget.value })}
            />
          </label>
        )}
      </div>
      <div class="ms-buttons">
        <button type="button" data-testid="roster-remove" onClick={onRemove}>
          {t('msRemove')}
        </button>
      </div>
    </article>
  );
}

/**
 * 报警设置: the duty roster (who by day, by night, always; from which severity; reached by a
 * group robot and, with the modem, by SMS and calls on their phone), its robots with a test
 * message each, each house's limit overrides beside the catalogue's value and the value in force,
 * and the delivery status of the notifications.
 */
export function AlarmSetup() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [staff, setStaff] = useState<PublicUser[]>([]);
  const [notice, setNotice] = useState<MessageKey | ''>('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () =>
    void request('GET /api/alarms/roster')
      .then((rows) =>
        setEntries(
          rows.map((row) => ({
            name: row.name,
            userId: row.userId ?? '',
            phone: row.phone ?? '',
            shift: row.shift,
            webhookUrl: row.webhookUrl ?? '',
            webhookFormat: row.webhookFormat,
            webhookSecret: row.webhookSecret ?? '',
            minSeverity: row.minSeverity,
          })),
        ),
      )
      .catch(() => setEntries([]));
  useEffect(() => {
    load();
    void request('GET /api/users')
      .then((users) => setStaff(users.filter((u) => u.role !== 'buyer' && !u.disabled)))
      .catch(() => setStaff([]));
  }, []);
  const save = () => {
    if (!entries) return;
    setBusy(true);
    setError('');
    setNotice('');
    request('PUT /api/alarms/roster', { body: { entries: entries.map(toRequest) } })
      .then(() => {
        setNotice('msRosterSaved');
        load();
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  // The robots: each webhook of the roster once, with the people it reaches.
  const robots = new Map<string, { url: string; format: WebhookFormat; secret: string; people: Entry[] }>();
  for (const entry of entries ?? []) {
    const url = entry.webhookUrl.trim();
    if (!url) continue;
    const key = `${entry.webhookFormat} ${url}`;
    const robot = robots.get(key) ?? { url, format: entry.webhookFormat, secret: '', people: [] };
    robot.people.push(entry);
    robot.secret ||= entry.webhookSecret.trim();
    robots.set(key, robot);
  }
  return (
    <div class="ms" data-testid="alarm-setup">
      <section class="panel">
        <h2>{t('msRoster')}</h2>
        <p class="muted">{t('msRosterNote')}</p>
        {entries === null ? (
          <p class="muted">{t('loading')}</p>
        ) : (
          <>
            {entries.length === 0 && <p class="muted">{t('msRosterEmpty')}</p>}
            <div class="cards">
              {entries.map((entry, index) => (
                <EntryCard
                  entry={entry}
                  index={index}
                  staff={staff}
                  onChange={(next) => setEntries(entries.map((e, i) => (i === index ? next : e)))}
                  onRemove={() => setEntries(entries.filter((_, i) => i !== index))}
                />
              ))}
            </div>
            <div class="ms-buttons">
              <button data-testid="roster-add" onClick={() => setEntries([...entries, blank()])}>
                {t('msRosterAdd')}
              </button>
              <button class="primary" data-testid="roster-save" disabled={busy} onClick={save}>
                {t('msSave')}
              </button>
            </div>
            {notice && (
              <p class="ms-notice" role="status" data-testid="roster-notice">
                {t(notice)}
              </p>
            )}
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
          </>
        )}
      </section>
      <section class="panel">
        <h2>{t('msRobots')}</h2>
        <p class="muted">{t('msRobotsNote')}</p>
        {robots.size === 0 ? (
          <p class="muted">{t('msNoRobots')}</p>
        ) : (
          <div class="cards">
            {[...robots.values()].map((robot) => (
              <RobotCard key={`${robot.format} ${robot.url}`} {...robot} />
            ))}
          </div>
        )}
      </section>
      <HouseLimitsSetup />
      <Deliveries />
    </div>
  );
}
