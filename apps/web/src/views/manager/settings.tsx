import { useEffect, useState } from 'preact/hooks';
import type {
  AuditEntryResponse,
  AuditQuery,
  DepositOnCancel,
  NurseryInfo,
  OrderSettingsResponse,
  ShortfallPolicy,
} from '#contracts';
import { request } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import './manager-setup.css';

const NURSERY_FIELDS: (keyof NurseryInfo)[] = ['name', 'address', 'pickupPlace', 'depositPayment', 'phone'];
const label = (prefix: string, value: string) => t(`${prefix}_${value}` as MessageKey);

/** Saves one part of the order settings and says so, or why not. */
function useSave(onSaved: (settings: OrderSettingsResponse) => void) {
  const [notice, setNotice] = useState<MessageKey | ''>('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const save = (body: Parameters<typeof request<'PATCH /api/order-settings'>>[1]['body']) => {
    setBusy(true);
    setNotice('');
    setError('');
    request('PATCH /api/order-settings', { body })
      .then((saved) => {
        onSaved(saved);
        setNotice('msSaved');
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  const status = (
    <>
      {notice && (
        <p class="ms-notice" role="status" data-testid="settings-notice">
          {t(notice)}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
  return { save, busy, status };
}

function NurseryForm({
  settings,
  onSaved,
}: {
  settings: OrderSettingsResponse;
  onSaved: (s: OrderSettingsResponse) => void;
}) {
  const [draft, setDraft] = useState<NurseryInfo>(settings.nursery);
  const { save, busy, status } = useSave(onSaved);
  return (
    <section class="panel" data-testid="nursery-settings">
      <h2>{t('msNursery')}</h2>
      <p class="muted">{t('msNurseryNote')}</p>
      <form
        class="ms-form"
        onSubmit={(e) => {
          e.preventDefault();
          save({ nursery: draft });
        }}
      >
        {NURSERY_FIELDS.map((field) => (
          <label>
            {label('msNursery', field)}
            <input
              name={field}
              required={field === 'name'}
              value={draft[field]}
              onInput={(e) => setDraft({ ...draft, [field]: e.currentTarget.value })}
            />
          </label>
        ))}
        <div class="ms-buttons">
          <button type="submit" class="primary" disabled={busy} data-testid="nursery-save">
            {t('msSave')}
          </button>
        </div>
      </form>
      {status}
    </section>
  );
}

interface RulesDraft {
  depositPct: string;
  depositDueDays: string;
  cancelCutoffDays: string;
  depositOnCancel: DepositOnCancel;
  shortfallPolicy: ShortfallPolicy;
}

function RulesForm({
  settings,
  onSaved,
}: {
  settings: OrderSettingsResponse;
  onSaved: (s: OrderSettingsResponse) => void;
}) {
  const [draft, setDraft] = useState<RulesDraft>({
    depositPct: String(Math.round(settings.depositShare * 1000) / 10),
    depositDueDays: String(settings.depositDueDays),
    cancelCutoffDays: String(settings.cancelCutoffDays),
    depositOnCancel: settings.depositOnCancel,
    shortfallPolicy: settings.shortfallPolicy,
  });
  const { save, busy, status } = useSave(onSaved);
  const set = (patch: Partial<RulesDraft>) => setDraft({ ...draft, ...patch });
  const number = (name: 'depositPct' | 'depositDueDays' | 'cancelCutoffDays', max: number, step = '1') => (
    <label>
      {label('msRule', name)}
      <input
        name={name}
        type="number"
        inputMode="decimal"
        min="0"
        max={max}
        step={step}
        required
        value={draft[name]}
        onInput={(e) => set({ [name]: e.currentTarget.value })}
      />
      <small class="muted">{label('msRuleDefault', name)}</small>
    </label>
  );
  return (
    <section class="panel" data-testid="order-rules">
      <h2>{t('msRules')}</h2>
      <form
        class="ms-form"
        onSubmit={(e) => {
          e.preventDefault();
          save({
            depositShare: Number(draft.depositPct) / 100,
            depositDueDays: Number(draft.depositDueDays),
            cancelCutoffDays: Number(draft.cancelCutoffDays),
            depositOnCancel: draft.depositOnCancel,
            shortfallPolicy: draft.shortfallPolicy,
          });
        }}
      >
        {number('depositPct', 100, '0.1')}
        {number('depositDueDays', 365)}
        {number('cancelCutoffDays', 365)}
        <label>
          {t('msRule_depositOnCancel')}
          <select
            name="depositOnCancel"
            value={draft.depositOnCancel}
            onChange={(e) => set({ depositOnCancel: e.currentTarget.value as DepositOnCancel })}
          >
            <option value="refund">{t('msOnCancel_refund')}</option>
            <option value="keep">{t('msOnCancel_keep')}</option>
          </select>
          <small class="muted">{t('msRuleDefault_depositOnCancel')}</small>
        </label>
        <label>
          {t('msRule_shortfallPolicy')}
          <select
            name="shortfallPolicy"
            value={draft.shortfallPolicy}
            onChange={(e) => set({ shortfallPolicy: e.currentTarget.value as ShortfallPolicy })}
          >
            <option value="fifo">{t('msShortfall_fifo')}</option>
            <option value="pro_rata">{t('msShortfall_pro_rata')}</option>
          </select>
        </label>
        <div class="ms-buttons">
          <button type="submit" class="primary" disabled={busy} data-testid="rules-save">
            {t('msSave')}
          </button>
        </div>
      </form>
      {status}
    </section>
  );
}

const PAGE = 30;
const AUDIT_AREAS = [
  '',
  'user.',
  'buyer.',
  'settings.',
  'order.',
  'batch.',
  'alarm.',
  'command.',
  'schedule.',
  'device.',
  'zone.',
];
/** A nursery date (Asia/Shanghai) as the instant its day starts. */
const dayStart = (date: string, plusDays = 0) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();

function AuditLog() {
  const [who, setWho] = useState('');
  const [area, setArea] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<AuditEntryResponse[] | null>(null);
  const [more, setMore] = useState(false);
  /** A page of entries, newest first; `after` the rows already shown (paged by entry id). */
  const load = (after: AuditEntryResponse[]) => {
    const query: AuditQuery = { limit: PAGE };
    if (area) query.action = area;
    if (from) query.from = dayStart(from);
    if (to) query.to = dayStart(to, 1);
    const last = after.at(-1);
    if (last) query.before = Number(last.id);
    void request('GET /api/audit', { query })
      .then((page) => {
        setRows([...after, ...page]);
        setMore(page.length === PAGE);
      })
      .catch(() => setRows(after));
  };
  useEffect(() => {
    setRows(null);
    load([]);
  }, [area, from, to]);
  // Who: the person's name as recorded, matched here (the api filters by what and when).
  const shown = (rows ?? []).filter((row) => !who.trim() || row.actorName.includes(who.trim()));
  return (
    <section class="panel" data-testid="audit-log">
      <h2>{t('msAudit')}</h2>
      <div class="ms-form ms-filters">
        <label>
          {t('msAuditWho')}
          <input name="who" value={who} onInput={(e) => setWho(e.currentTarget.value)} />
        </label>
        <label>
          {t('msAuditWhat')}
          <select name="area" value={area} onChange={(e) => setArea(e.currentTarget.value)}>
            {AUDIT_AREAS.map((prefix) => (
              <option value={prefix}>{prefix ? label('msArea', prefix.slice(0, -1)) : t('msAll')}</option>
            ))}
          </select>
        </label>
        <label>
          {t('msAuditFrom')}
          <input name="from" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('msAuditTo')}
          <input name="to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </div>
      {rows === null ? (
        <p class="muted">{t('loading')}</p>
      ) : shown.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <div class="cards">
          {shown.map((row) => (
            <article class="card ms-card" data-testid="audit-entry">
              <header>
                <b class="data">{row.actorName}</b>
                <span class="muted">{formatDateTime(row.at)}</span>
              </header>
              <p>
                <code>{row.action}</code> · {row.entityType}
                {row.entityId ? ` ${row.entityId}` : ''}
              </p>
            </article>
          ))}
        </div>
      )}
      {rows && more && (
        <div class="ms-buttons">
          <button data-testid="audit-more" onClick={() => load(rows)}>
            {t('msAuditMore')}
          </button>
        </div>
      )}
    </section>
  );
}

/** 场地设置: the nursery as buyers see it, the order rules with their defaults, and the audit log. */
export function Settings() {
  const [settings, setSettings] = useState<OrderSettingsResponse | null | undefined>(undefined);
  useEffect(() => {
    void request('GET /api/order-settings')
      .then(setSettings)
      .catch(() => setSettings(null));
  }, []);
  return (
    <div class="ms" data-testid="settings">
      {settings === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : settings === null ? (
        <p class="error">{errorMessage(null)}</p>
      ) : (
        <>
          <NurseryForm settings={settings} onSaved={setSettings} />
          <RulesForm settings={settings} onSaved={setSettings} />
        </>
      )}
      <AuditLog />
    </div>
  );
}
