import type { BatchResponse, ZoneResponse } from '#contracts';
import { t } from '../i18n.ts';
import { navigate } from '../router.ts';
import { batchPath } from './batch-records/batch-page.tsx';
import { LIVE_STAGES, nurseryToday, useNursery, zoneName } from './batch-records/data.ts';
import { dueText, num, plants, tf } from './batch-records/text.ts';
import { cropName, stageText } from './orders.tsx';
import { PlanOverage } from './plan-overage.tsx';
import './batch-records/batch-records.css';

const overdueDays = (date: string, today: string) =>
  Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);

function BatchCard({
  batch,
  zones,
  today,
  planned,
}: {
  batch: BatchResponse;
  zones: readonly ZoneResponse[];
  today: string;
  planned: boolean;
}) {
  const late = planned ? overdueDays(batch.sowDate, today) : 0;
  const path = batchPath(batch.id, planned ? 'sow' : null);
  return (
    <li>
      <a
        class={`work-item${late > 0 ? ' overdue' : ''}`}
        href={path}
        data-testid={`${planned ? 'plan' : 'batch'}-${batch.code}`}
        onClick={(e) => {
          e.preventDefault();
          navigate(path);
        }}
      >
        <span class="work-text">
          {batch.code} {cropName(batch.crop)} {batch.cultivar ?? ''}
          {!planned && <span class="tag">{stageText(batch.stage)}</span>}
        </span>
        <span class="work-meta">
          {planned ? (
            <>
              <strong>{batch.sowDate}</strong>
              {late >= 0 && <span class={`due${late > 0 ? ' late' : ''}`}> {dueText(late)}</span>}
              {' · '}
            </>
          ) : null}
          {zoneName(zones, batch.zone)} ·{' '}
          {tf('traysOfCells', { trays: num(batch.trays), cells: batch.cells })}
          {planned ? '' : ` · ${plants(batch.forecastSaleable)}`}
        </span>
      </a>
    </li>
  );
}

/** 播种计划: the planned batches (the matching engine's sowings and those entered by hand), by date. */
export function SowingPlanView() {
  const { batches, zones } = useNursery();
  if (batches === null) return <p class="muted">{t('loading')}</p>;
  const today = nurseryToday();
  const planned = batches
    .filter((b) => b.stage === 'planned')
    .sort((a, b) => a.sowDate.localeCompare(b.sowDate) || a.code.localeCompare(b.code));
  return (
    <section class="batch-records" data-testid="sowing-plan">
      <h2>{t('sowingPlan')}</h2>
      {planned.length === 0 ? (
        <p class="muted">{t('noSowingsPlanned')}</p>
      ) : (
        <ul class="work-list">
          {planned.map((b) => (
            <BatchCard batch={b} zones={zones} today={today} planned />
          ))}
        </ul>
      )}
      <PlanOverage />
    </section>
  );
}

/** The batches growing now, house by house, each opening its page of records. */
export function BatchListView() {
  const { batches, zones } = useNursery();
  if (batches === null) return <p class="muted">{t('loading')}</p>;
  const today = nurseryToday();
  const order = new Map(zones.map((z, i) => [z.code, i]));
  const live = batches
    .filter((b) => LIVE_STAGES.has(b.stage))
    .sort(
      (a, b) =>
        (order.get(a.zone) ?? 99) - (order.get(b.zone) ?? 99) ||
        a.sowDate.localeCompare(b.sowDate) ||
        a.code.localeCompare(b.code),
    );
  return (
    <section class="batch-records" data-testid="batch-list">
      <h2>{t('liveBatches')}</h2>
      {live.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <ul class="work-list">
          {live.map((b) => (
            <BatchCard batch={b} zones={zones} today={today} planned={false} />
          ))}
        </ul>
      )}
    </section>
  );
}
