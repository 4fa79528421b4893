import { useEffect, useState } from 'preact/hooks';
import type { DeliveryResponse, OrderLineResponse, OrderResponse } from '#contracts';
import { downloadAuthenticated, request } from '../../api.ts';
import { errorMessage } from '../../messages.ts';
import { formatFen } from '../../format.ts';
import { locale, t, type MessageKey } from '../../i18n.ts';
import { cropName, stageText } from '../orders.tsx';
import { varietyName } from './catalogue-data.ts';
import { openConfirmation } from './confirmation.tsx';
import { OrderHistory } from './history.tsx';
import { LineActions } from './line-actions.tsx';
import { day, num, plants, tf } from './text.ts';

const STATE: Record<string, MessageKey> = {
  waitlisted: 'buyerStateWaitlisted',
  confirmed: 'buyerStateConfirmed',
  in_production: 'buyerStateGrowing',
  ready: 'buyerStateReady',
  short: 'buyerStateShort',
  partly_delivered: 'buyerStatePartly',
  delivered: 'buyerStateDelivered',
  cancelled: 'buyerStateCancelled',
  lapsed: 'buyerStateLapsed',
};

/** A line's state in a sentence, with the counts that make it mean something. */
function stateText(line: OrderLineResponse): string {
  return tf(STATE[line.status] ?? 'buyerStateConfirmed', {
    date: day(line.confirmedDate ?? line.wantedFrom),
    missing: plants(line.missing),
    delivered: plants(line.delivered),
  });
}

/** The buyer's own orders as cards: each line's state and batch, what can still be done, the history. */
export function MyOrders({ orders, onChanged }: { orders: OrderResponse[] | null; onChanged: () => void }) {
  return (
    <section class="my-orders" data-testid="my-orders">
      <h2>{t('myOrders')}</h2>
      {orders === null ? (
        <p class="muted">{t('loading')}</p>
      ) : orders.length === 0 ? (
        <p class="muted">{t('buyerNoOrders')}</p>
      ) : (
        orders.map((order) => <BuyerOrderCard key={order.id} order={order} onChanged={onChanged} />)
      )}
    </section>
  );
}

function BuyerOrderCard({ order, onChanged }: { order: OrderResponse; onChanged: () => void }) {
  const [notice, setNotice] = useState('');
  const [history, setHistory] = useState(false);
  const depositLeft = Math.max(0, order.depositFen - order.paidFen);
  // The history is asked for again whenever the order (refetched on every live change) changes.
  const version = JSON.stringify([
    order.paidFen,
    order.depositFen,
    order.lines.map((l) => [l.status, l.quantity]),
  ]);
  return (
    <article class="panel buyer-order" data-testid={`order-${order.id}`} data-number={order.number}>
      <header>
        <strong>{tf('buyerOrderNumber', { number: order.number })}</strong>
        <span class="muted">
          {t('buyerPlacedAt')} {day(order.placedAt.slice(0, 10))}
        </span>
      </header>
      <p class="money-line">
        {t('buyerTotal')} {formatFen(order.totalFen)} ·{' '}
        {depositLeft > 0
          ? tf('buyerDepositDue', { amount: formatFen(depositLeft), date: day(order.depositDue) })
          : tf('buyerDepositPaid', { amount: formatFen(order.depositFen) })}
        {order.paidFen !== 0 && ` · ${t('paid')} ${formatFen(order.paidFen)}`}
      </p>
      <ul class="buyer-lines">
        {order.lines.map((line) => (
          <li data-testid={`line-${line.id}`} data-status={line.status}>
            <div class="line-head">
              <strong>
                {cropName(line.crop)}
                {line.cultivar && <span class="data"> {varietyName(line.crop, line.cultivar)}</span>}
              </strong>
              {line.cells !== null && ` · ${tf('buyerCells', { cells: line.cells })}`}
              {line.grafted && ` · ${t('buyerGrafted')}`}
              {line.ownSeed && ` · ${t('buyerOwnSeed')}`} · {plants(line.quantity)}
            </div>
            <div class="line-state" data-testid="line-state">
              {stateText(line)}
              {line.queuePosition !== null && (
                <span data-testid="queue"> · {tf('buyerQueue', { n: num(line.queuePosition) })}</span>
              )}
              {line.status === 'waitlisted' &&
                line.earliestDate &&
                ` · ${tf('buyerEarliestIs', { date: day(line.earliestDate) })}`}
            </div>
            {line.households.length > 0 && (
              <div class="muted">
                {t('buyerHouseholdsShort')}:{' '}
                {line.households.map((h, i) => (
                  <>
                    {i > 0 && (locale.get() === 'en' ? ', ' : '、')}
                    <span class="data">{h.name}</span> {num(h.quantity)}
                  </>
                ))}
              </div>
            )}
            {line.allocations.map((a) => (
              <div class="progress" data-testid="batch-progress" data-stage={a.stage}>
                {tf('buyerBatchProgress', {
                  code: a.batchCode,
                  stage: stageText(a.stage),
                  date: day(a.readyFrom),
                })}
              </div>
            ))}
            <LineActions
              order={order}
              line={line}
              onChanged={(_after, text) => {
                setNotice(text);
                onChanged();
              }}
            />
          </li>
        ))}
      </ul>
      {notice && (
        <p class="notice" role="status" data-testid="order-notice">
          {notice}
        </p>
      )}
      <div class="row actions">
        <button type="button" data-testid={`print-${order.id}`} onClick={() => openConfirmation(order)}>
          {t('buyerPrint')}
        </button>
        <button type="button" data-testid={`history-toggle-${order.id}`} onClick={() => setHistory(!history)}>
          {history ? t('buyerHideHistory') : t('buyerShowHistory')}
        </button>
      </div>
      {history && <OrderHistory orderId={order.id} version={version} />}
      {order.lines.some((line) => line.delivered > 0) && (
        <DeliverySlips orderId={order.id} version={version} onError={setNotice} />
      )}
    </article>
  );
}

/**
 * The buyer's delivery slips (送苗单), one per pickup: the paper the seedlings came with, with each
 * batch's climate passport summary and its link.
 */
function DeliverySlips({
  orderId,
  version,
  onError,
}: {
  orderId: string;
  version: string;
  onError: (text: string) => void;
}) {
  const [deliveries, setDeliveries] = useState<DeliveryResponse[]>([]);
  useEffect(() => {
    void request('GET /api/orders/:id', { params: { id: orderId } })
      .then((detail) => setDeliveries(detail.deliveries ?? []))
      .catch(() => setDeliveries([]));
  }, [orderId, version]);
  if (deliveries.length === 0) return null;
  return (
    <ul class="deliveries" data-testid={`buyer-deliveries-${orderId}`}>
      {deliveries.map((d) => (
        <li>
          {day(d.date)} · {plants(d.quantity)}{' '}
          <button
            type="button"
            class="link"
            data-testid={`buyer-slip-${d.id}`}
            onClick={() =>
              void downloadAuthenticated(undefined, 'GET /api/orders/:id/deliveries/:deliveryId/slip', {
                params: { id: orderId, deliveryId: d.id },
              }).catch((e: unknown) => onError(errorMessage(e)))
            }
          >
            {t('slip')}
          </button>
        </li>
      ))}
    </ul>
  );
}
