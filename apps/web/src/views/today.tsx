import { t } from '../i18n.ts';
import { navigate } from '../router.ts';
import { batchPath } from './batch-records/batch-page.tsx';
import { nurseryToday, useNursery, zoneName } from './batch-records/data.ts';
import { dueText, workText } from './batch-records/text.ts';
import { todaysWork } from './batch-records/today-work.ts';
import { OpenObservations } from './observations/observation-list.tsx';
import { cropNames } from './orders.tsx';
import './batch-records/batch-records.css';

/**
 * 今日工作: one list of what is due today and overdue (views/batch-records/today-work.ts), each item
 * a card that opens the form that does it; then the adviser's open observations and recommendations.
 */
export function TodayView() {
  const { batches, zones, orders } = useNursery(true);
  if (batches === null) return <p class="muted">{t('loading')}</p>;
  const items = todaysWork({
    batches,
    crops: cropNames,
    germinationRooms: new Set(zones.filter((z) => z.kind === 'germination').map((z) => z.code)),
    orders,
    today: nurseryToday(),
  });
  return (
    <section class="batch-records" data-testid="today-work">
      <h2>{t('todayWork')}</h2>
      {items.length === 0 ? (
        <p class="muted">{t('nothingDue')}</p>
      ) : (
        <ul class="work-list">
          {items.map((item) => (
            <li>
              <a
                class={`work-item${item.overdueDays > 0 ? ' overdue' : ''}`}
                href={batchPath(item.batch.id, item.action, item.stage)}
                data-testid={`work-${item.kind}-${item.batch.code}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(batchPath(item.batch.id, item.action, item.stage));
                }}
              >
                <span class="work-text">{workText(item)}</span>
                <span class="work-meta">
                  <span class={`due${item.overdueDays > 0 ? ' late' : ''}`}>{dueText(item.overdueDays)}</span>
                  {' · '}
                  {zoneName(zones, item.batch.zone)}
                  {item.kind === 'sow' && item.batch.seedLot
                    ? ` · ${t('seedLot')} ${item.batch.seedLot}`
                    : ''}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <OpenObservations zones={zones} />
    </section>
  );
}
