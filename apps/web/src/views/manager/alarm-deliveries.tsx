import { useEffect, useState } from 'preact/hooks';
import type { AlarmNotificationResponse, NotificationStatus } from '#contracts';
import { request } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';

const STATUSES: NotificationStatus[] = ['pending', 'sent', 'failed', 'cancelled'];
const label = (prefix: string, value: string) => t(`${prefix}_${value}` as MessageKey);

/** The notifications as they went out (robots, SMS, calls): to whom, when, how often tried, why not. */
export function Deliveries() {
  const [status, setStatus] = useState<NotificationStatus | ''>('');
  const [rows, setRows] = useState<AlarmNotificationResponse[] | null>(null);
  useEffect(() => {
    setRows(null);
    void request('GET /api/alarms/notifications', { query: status ? { status } : {} })
      .then(setRows)
      .catch(() => setRows([]));
  }, [status]);
  return (
    <section class="panel" data-testid="deliveries">
      <h2>{t('msDeliveries')}</h2>
      <label class="ms-filter">
        {t('msStatus')}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as NotificationStatus | '')}>
          <option value="">{t('msAll')}</option>
          {STATUSES.map((s) => (
            <option value={s}>{label('msDelivery', s)}</option>
          ))}
        </select>
      </label>
      {rows === null ? (
        <p class="muted">{t('loading')}</p>
      ) : rows.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <div class="cards">
          {rows.map((row) => (
            <article class="card ms-card">
              <header>
                <b>
                  <span class="data">{row.recipient}</span> · {label('msChannel', row.channel)}
                </b>
                <span class={`ms-badge ms-${row.status}`}>{label('msDelivery', row.status)}</span>
              </header>
              <p>
                {formatDateTime(row.sentAt ?? row.createdAt)} ·{' '}
                {t('msAttempts').replace('{n}', String(row.attempts))}
              </p>
              {row.lastError && <p class="ms-url data">{row.lastError}</p>}
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
