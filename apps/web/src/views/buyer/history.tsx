import { useEffect, useState } from 'preact/hooks';
import type { OrderHistoryEntry } from '#contracts';
import { request } from '../../api.ts';
import { formatFen, formatTime, nurseryDate } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { day, tf } from './text.ts';

const num = (value: unknown) => (typeof value === 'number' ? value : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const ACTION: Record<string, MessageKey> = {
  'order.placed': 'buyerHistPlaced',
  'order.line_confirmed': 'buyerHistConfirmed',
  'order.line_waitlisted': 'buyerHistWaitlisted',
  'order.line_short': 'buyerHistShort',
  'order.line_changed': 'buyerHistChanged',
  'order.cancelled': 'buyerHistCancelled',
  'order.confirmed_by_hand': 'buyerHistByHand',
  'order.payment': 'buyerHistPayment',
  'order.delivered': 'buyerHistDelivered',
  'order.deposit_warned': 'buyerHistDepositWarned',
  'order.lapsed': 'buyerHistLapsed',
};

/** One entry of an order's history in the page's language: who, when, what (and the deposit's fate). */
export function historyText(entry: OrderHistoryEntry): string {
  const d = entry.details ?? {};
  if (entry.action === 'order.deposit_on_cancel') {
    if (d.policy === 'keep') return tf('buyerHistDepositKept', { amount: formatFen(num(d.fromFen)) });
    const moved = tf('buyerHistDepositMoved', {
      from: formatFen(num(d.fromFen)),
      to: formatFen(num(d.toFen)),
    });
    return num(d.refundFen) > 0
      ? `${moved}; ${tf('buyerHistRefund', { amount: formatFen(num(d.refundFen)) })}`
      : moved;
  }
  const to = (d.to ?? {}) as Record<string, unknown>;
  const key = ACTION[entry.action];
  if (!key) return entry.action;
  return tf(key, {
    date: day(text(to.confirmedDate) || text(to.earliestDate)),
    missing: num(to.missing),
    amount: formatFen(num(d.amountFen)),
    n: Array.isArray(d.lineIds) ? d.lineIds.length : 1,
  });
}

/** The order's history (GET /api/orders/:id/history), reloaded whenever the order changes. */
export function OrderHistory({ orderId, version }: { orderId: string; version: string }) {
  const [entries, setEntries] = useState<OrderHistoryEntry[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    request('GET /api/orders/:id/history', { params: { id: orderId } })
      .then(setEntries)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [orderId, version]);
  if (error) return <p class="error">{error}</p>;
  if (!entries) return <p class="muted">{t('loading')}</p>;
  return (
    <ol class="order-history" data-testid={`history-${orderId}`}>
      {entries.map((entry) => (
        <li data-action={entry.action}>
          <span class="muted">
            {nurseryDate(Date.parse(entry.at))} {formatTime(entry.at)}
          </span>{' '}
          {historyText(entry)}
        </li>
      ))}
    </ol>
  );
}
