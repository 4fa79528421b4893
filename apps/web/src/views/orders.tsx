import { useEffect } from 'preact/hooks';
import type { CropResponse, OrderLineResponse, OrderResponse } from '#contracts';
import { BATCH_STAGE_NAMES } from '#contracts';
import { request } from '../api.ts';
import { signal, useSignal } from '../state.ts';
import { formatCount, formatDate, formatMoney } from '../format.ts';
import { houseName } from './zones.ts';
import { locale, localName, t } from '../i18n.ts';

/** Crop names by key, filled once the catalogue is loaded (GET /api/crops). */
export const cropNames = new Map<string, CropResponse>();
const cropsLoaded = signal(0);
let catalogue: Promise<CropResponse[]> | null = null;

/**
 * The crop catalogue, asked for once per page however many views need it (a phone on a village
 * link pays for every request); a failed answer is asked for again next time.
 */
export function loadCrops(): Promise<CropResponse[]> {
  catalogue ??= request('GET /api/crops').then(
    (list) => {
      for (const crop of list) cropNames.set(crop.key, crop);
      cropsLoaded.set(cropsLoaded.get() + 1);
      return list;
    },
    (error: unknown) => {
      catalogue = null;
      throw error;
    },
  );
  return catalogue;
}

/** Asks for the catalogue again (a cultivar typed at sowing became a variety); the names follow when it arrives. */
export function reloadCrops(): void {
  catalogue = null;
  loadCrops().catch(() => undefined);
}

/** The catalogue after the manager edited it: names everywhere on the page follow. */
export function setCrops(list: readonly CropResponse[]): void {
  cropNames.clear();
  for (const crop of list) cropNames.set(crop.key, crop);
  catalogue = Promise.resolve([...list]);
  cropsLoaded.set(cropsLoaded.get() + 1);
}

/** Loads the crop catalogue once per page and re-renders the caller when it arrives. */
export function useCropNames(): void {
  useSignal(cropsLoaded);
  useEffect(() => {
    loadCrops().catch(() => undefined);
  }, []);
}
export const cropName = (key: string) => (cropNames.has(key) ? localName(cropNames.get(key)) : key);

/** Line and order statuses as the nursery names them, in Chinese and English (docs/orders.md). */
export const STATUS_TEXT: Record<string, [string, string]> = {
  waitlisted: ['候补', 'waitlisted'],
  confirmed: ['已确认', 'confirmed'],
  short: ['缺苗', 'short'],
  in_production: ['育苗中', 'growing'],
  ready: ['可取苗', 'ready'],
  partly_delivered: ['部分交付', 'partly delivered'],
  delivered: ['已交付', 'delivered'],
  cancelled: ['已取消', 'cancelled'],
  lapsed: ['已失效', 'lapsed'],
  settled: ['已结清', 'settled'],
  open: ['进行中', 'open'],
  placed: ['已下单', 'placed'],
};

/** Batch stages as a nursery names them (one list, shared with the printed pages). */
export const STAGE_TEXT = BATCH_STAGE_NAMES;

export const stageText = (stage: string) => {
  const words = STAGE_TEXT[stage];
  return words ? words[locale.get() === 'en' ? 1 : 0] : stage;
};

export const statusText = (status: string) => {
  const words = STATUS_TEXT[status];
  return words ? words[locale.get() === 'en' ? 1 : 0] : status;
};

/** The day a line is (to be) picked up: the promised date, else the earliest possible, else the wish. */
export function lineDate(line: OrderLineResponse): string {
  return line.confirmedDate ?? line.earliestDate ?? line.wantedFrom;
}

export function OrderCard({ order, showBuyer = false }: { order: OrderResponse; showBuyer?: boolean }) {
  const id = order.id;
  return (
    <article class="panel order" data-testid={`order-${id}`}>
      <header>
        <strong>#{order.number}</strong>
        {showBuyer && <span> · {order.buyer?.name ?? ''}</span>}
        <span class={`tag st-${order.status}`} data-testid="order-status">
          {statusText(order.status)}
        </span>
      </header>
      <dl class="money">
        <div>
          <dt>{t('total')}</dt>
          <dd>{formatMoney(order.totalFen / 100)}</dd>
        </div>
        <div>
          <dt>{t('deposit')}</dt>
          <dd>
            {formatMoney(order.depositFen / 100)}
            {order.paidFen < order.depositFen ? `（${t('depositDue')} ${formatDate(order.depositDue)}）` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('paid')}</dt>
          <dd>{formatMoney(order.paidFen / 100)}</dd>
        </div>
        <div>
          <dt>{t('balance')}</dt>
          <dd>{formatMoney(order.balanceFen / 100)}</dd>
        </div>
      </dl>
      <ul class="lines">
        {order.lines.map((line) => {
          const houses = [...new Set(line.allocations.map((a) => a.zone))].filter(Boolean);
          return (
            <li data-status={line.status}>
              <div>
                {cropName(line.crop)} {line.cultivar ?? ''}
                {line.cells !== null ? ` · ${line.cells}${locale.get() === 'en' ? '-cell' : '穴'}` : ''}
                {line.grafted ? (locale.get() === 'en' ? ' · grafted' : ' · 嫁接苗') : ''} ·{' '}
                {formatCount(line.quantity)} · <span class="tag">{statusText(line.status)}</span>
              </div>
              <div class="pickup" data-testid="pickup">
                {t('pickup')} <strong data-testid="line-date">{formatDate(lineDate(line))}</strong>
                {houses.length > 0 &&
                  ` · ${t('pickupPlace')} ${t('nurseryName')} ${houses.map(houseName).join('、')}`}
                {line.delivered > 0 && ` · ${t('delivered')} ${formatCount(line.delivered)}`}
              </div>
              {line.households.length > 0 && (
                <div class="households">
                  {t('households')}:{' '}
                  {line.households.map((h) => `${h.name} ${formatCount(h.quantity)}`).join('、')}
                </div>
              )}
              {line.allocations.map((a) => (
                <div class="progress" data-testid="batch-progress">
                  {t('progress')}: {a.batchCode} <span class="tag">{stageText(a.stage)}</span> ·{' '}
                  {t('forecastReady')} {formatDate(a.readyFrom)}
                </div>
              ))}
            </li>
          );
        })}
      </ul>
      {order.note && <p class="note">{order.note}</p>}
    </article>
  );
}
