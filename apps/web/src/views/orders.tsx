import type { Row } from '../data.ts';
import { useEffect } from 'preact/hooks';
import { api, asList } from '../api.ts';
import { signal, useSignal } from '../state.ts';
import { num, pick, str } from '../data.ts';
import { formatCount, formatDate, formatMoney } from '../format.ts';
import { houseName } from './zones.ts';
import { locale, localName, t } from '../i18n.ts';

/** Crop names by key, filled once the catalogue is loaded (GET /api/crops). */
export const cropNames = new Map<string, Row>();
const cropsLoaded = signal(0);
let cropsRequested = false;

/** Loads the crop catalogue once per page and re-renders the caller when it arrives. */
export function useCropNames(): void {
  useSignal(cropsLoaded);
  useEffect(() => {
    if (cropsRequested) return;
    cropsRequested = true;
    api('/api/crops')
      .then((body) => {
        for (const crop of asList(body)) cropNames.set(str(crop.key), crop);
        cropsLoaded.set(cropsLoaded.get() + 1);
      })
      .catch(() => {
        cropsRequested = false;
      });
  }, []);
}
export const cropName = (key: string) => (cropNames.has(key) ? localName(cropNames.get(key)) : key);

export const LINE_STATUS_ZH: Record<string, string> = {
  waitlisted: '候补',
  confirmed: '已确认',
  short: '缺苗',
  in_production: '育苗中',
  ready: '可取苗',
  partly_delivered: '部分交付',
  delivered: '已交付',
  cancelled: '已取消',
  lapsed: '已失效',
  settled: '已结清',
  open: '进行中',
  placed: '已下单',
};

/** Batch stages (docs/orders.md) as a nursery names them. */
export const STAGE_TEXT: Record<string, [string, string]> = {
  planned: ['待播种', 'planned'],
  sown: ['已播种', 'sown'],
  germinating: ['催芽中', 'germinating'],
  emerged: ['已出苗', 'emerged'],
  true_leaf: ['真叶期', 'true leaf'],
  grafted: ['已嫁接', 'grafted'],
  healing: ['愈合中', 'healing'],
  hardening: ['炼苗中', 'hardening'],
  ready: ['可出圃', 'ready'],
  sold_out: ['已售罄', 'sold out'],
  culled: ['已淘汰', 'culled'],
  over_aged: ['已老化', 'over-aged'],
};

export const stageText = (stage: string) => {
  const words = STAGE_TEXT[stage];
  return words ? words[locale.get() === 'en' ? 1 : 0] : stage;
};

export const statusText = (status: string) =>
  locale.get() === 'en' ? status : (LINE_STATUS_ZH[status] ?? status);

/** Money fields in fen (`depositFen`) or yuan (`deposit`); answers yuan. */
export function yuan(row: Row | undefined, name: string): number | null {
  const fen = num(pick(row, `${name}Fen`));
  if (fen !== null) return fen / 100;
  return num(pick(row, name, `${name}Yuan`));
}

export function orderTotal(order: Row): number | null {
  const total = yuan(order, 'total') ?? yuan(order, 'amount');
  if (total !== null) return total;
  const lines = asList(order.lines);
  if (lines.length === 0) return null;
  let sum = 0;
  for (const line of lines) {
    const price = yuan(line, 'price') ?? yuan(line, 'unitPrice') ?? yuan(line, 'pricePerSeedling');
    const quantity = num(line.quantity);
    if (price === null || quantity === null) return null;
    sum += price * quantity;
  }
  return sum;
}

export function lineDate(line: Row): unknown {
  return pick(
    line,
    'confirmedDate',
    'pickupDate',
    'readyDate',
    'plannedDate',
    'date',
    'earliestDate',
    'wantedFrom',
  );
}

export function OrderCard({ order, showBuyer = false }: { order: Row; showBuyer?: boolean }) {
  const total = orderTotal(order);
  const deposit = yuan(order, 'deposit');
  const paid = yuan(order, 'paid') ?? 0;
  const balance = yuan(order, 'balance') ?? (total === null ? null : total - paid);
  const lines = asList(order.lines);
  const id = str(order.id);
  return (
    <article class="panel order" data-testid={`order-${id}`}>
      <header>
        <strong>#{str(pick(order, 'number', 'id'))}</strong>
        {showBuyer && (
          <span>
            {' '}
            · {str(pick(order, 'buyerName', 'buyer')) || str((order.buyer as Row | undefined)?.name)}
          </span>
        )}
        <span class={`tag st-${str(order.status)}`} data-testid="order-status">
          {statusText(str(order.status))}
        </span>
      </header>
      <dl class="money">
        <div>
          <dt>{t('total')}</dt>
          <dd>{formatMoney(total)}</dd>
        </div>
        <div>
          <dt>{t('deposit')}</dt>
          <dd>
            {formatMoney(deposit)}
            {order.depositDue && (num(order.paidFen) ?? 0) < (num(order.depositFen) ?? 0)
              ? `（${t('depositDue')} ${formatDate(order.depositDue)}）`
              : ''}
          </dd>
        </div>
        <div>
          <dt>{t('paid')}</dt>
          <dd>{formatMoney(paid)}</dd>
        </div>
        <div>
          <dt>{t('balance')}</dt>
          <dd>{formatMoney(balance)}</dd>
        </div>
      </dl>
      <ul class="lines">
        {lines.map((line) => {
          const allocations = asList(pick(line, 'allocations', 'batches') ?? []);
          const households = asList(line.households ?? []);
          const houses = [
            ...new Set(allocations.map((a) => str(pick((a.batch as Row | undefined) ?? a, 'zone')))),
          ].filter(Boolean);
          const delivered = num(line.delivered) ?? 0;
          return (
            <li data-status={str(line.status)}>
              <div>
                {cropName(str(line.crop))} {str(line.cultivar)}
                {num(line.cells) !== null
                  ? ` · ${str(line.cells)}${locale.get() === 'en' ? '-cell' : '穴'}`
                  : ''}
                {line.grafted === true ? (locale.get() === 'en' ? ' · grafted' : ' · 嫁接苗') : ''} ·{' '}
                {formatCount(line.quantity)} · <span class="tag">{statusText(str(line.status))}</span>
              </div>
              <div class="pickup" data-testid="pickup">
                {t('pickup')} <strong data-testid="line-date">{formatDate(lineDate(line))}</strong>
                {houses.length > 0 &&
                  ` · ${t('pickupPlace')} ${t('nurseryName')} ${houses.map(houseName).join('、')}`}
                {delivered > 0 && ` · ${t('delivered')} ${formatCount(delivered)}`}
              </div>
              {households.length > 0 && (
                <div class="households">
                  {t('households')}:{' '}
                  {households.map((h) => `${str(h.name)} ${formatCount(h.quantity)}`).join('、')}
                </div>
              )}
              {allocations.map((a) => {
                const batch = (a.batch as Row | undefined) ?? a;
                return (
                  <div class="progress" data-testid="batch-progress">
                    {t('progress')}: {str(pick(batch, 'batchCode', 'code'))}{' '}
                    <span class="tag">{stageText(str(pick(batch, 'stage')))}</span> · {t('forecastReady')}{' '}
                    {formatDate(pick(batch, 'readyFrom', 'forecastReadyDate', 'readyDate'))}
                  </div>
                );
              })}
            </li>
          );
        })}
      </ul>
      {str(order.note) && <p class="note">{str(order.note)}</p>}
    </article>
  );
}
