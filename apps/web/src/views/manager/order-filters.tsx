import { ORDER_SUMMARY_STATUSES, type OrderLineResponse, type OrderResponse } from '#contracts';
import { formatCount } from '../../format.ts';
import { t } from '../../i18n.ts';
import { cropName, lineDate, statusText } from '../orders.tsx';
import './manager-ops.css';

export interface OrderFilter {
  status: string;
  village: string;
  crop: string;
  /** A pickup day: orders with a line to be picked up that day. */
  pickup: string;
}
export const NO_FILTER: OrderFilter = { status: '', village: '', crop: '', pickup: '' };

/** The filter as the api's query: the chosen ones only. */
export function orderQuery(filter: OrderFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== ''));
}

/** Lines still to hand over (neither delivered, cancelled nor lapsed). */
const OPEN_LINE = (line: OrderLineResponse) => !['delivered', 'cancelled', 'lapsed'].includes(line.status);

const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort();

/**
 * The order book's filters: status, village, crop and pickup day. The server filters (every order
 * in the book, not only the pages loaded); the choices are the statuses, the buyers' villages, the
 * crops, and the pickup days of the orders loaded.
 */
export function OrderFilters({
  villages,
  crops,
  orders,
  value,
  onChange,
}: {
  villages: string[];
  crops: string[];
  orders: OrderResponse[];
  value: OrderFilter;
  onChange: (next: OrderFilter) => void;
}) {
  const options: [keyof OrderFilter, string, string[], (v: string) => string][] = [
    ['status', t('status'), [...ORDER_SUMMARY_STATUSES], statusText],
    ['village', t('village'), distinct(villages), (v) => v],
    ['crop', t('crop'), distinct(crops), cropName],
    [
      'pickup',
      t('pickupDay'),
      distinct([
        ...(value.pickup ? [value.pickup] : []),
        ...orders.flatMap((o) => o.lines.filter(OPEN_LINE).map(lineDate)),
      ]),
      (v) => v,
    ],
  ];
  return (
    <div class="panel op-filters manager-ops" data-testid="order-filters">
      {options.map(([key, label, values, name]) => (
        <label>
          {label}
          <select
            name={key}
            value={value[key]}
            onChange={(e) => onChange({ ...value, [key]: e.currentTarget.value })}
          >
            <option value="">{t('all')}</option>
            {values.map((v) => (
              <option value={v}>{name(v)}</option>
            ))}
          </select>
        </label>
      ))}
      <button onClick={() => onChange(NO_FILTER)}>{t('clearFilters')}</button>
    </div>
  );
}

/**
 * What the buyers collect on one day, village by village, printable on its own: each open line
 * of that day with the buyer, crop, quantity and households.
 */
export function PickupList({ orders, day }: { orders: OrderResponse[]; day: string }) {
  const rows = orders.flatMap((order) =>
    order.lines.filter((line) => OPEN_LINE(line) && lineDate(line) === day).map((line) => ({ order, line })),
  );
  const villages = distinct(rows.map((row) => row.order.buyer?.village ?? ''));
  const print = () => {
    document.body.classList.add('print-pickup');
    window.print();
    setTimeout(() => document.body.classList.remove('print-pickup'), 500);
  };
  const total = rows.reduce((sum, row) => sum + row.line.quantity - row.line.delivered, 0);
  return (
    <section class="panel pickup-list manager-ops" data-testid="pickup-list">
      <h3>
        {t('pickupList')} {day}
      </h3>
      <p>{t('pickupTotal').replace('{lines}', String(rows.length)).replace('{count}', formatCount(total))}</p>
      {villages.map((village) => (
        <div class="pickup-village">
          <h4 class="data">{village}</h4>
          {rows
            .filter((row) => (row.order.buyer?.village ?? '') === village)
            .map(({ order, line }) => (
              <div class="op-row">
                <span>
                  <b>#{order.number}</b> <span class="data">{order.buyer?.name}</span> · {cropName(line.crop)}{' '}
                  · {statusText(line.status)}
                  {line.households.length > 0 && (
                    <span class="muted data">
                      {' '}
                      ({line.households.map((h) => `${h.name} ${h.quantity}`).join('、')})
                    </span>
                  )}
                </span>
                <b>{formatCount(line.quantity - line.delivered)}</b>
              </div>
            ))}
        </div>
      ))}
      <div class="op-buttons">
        <button class="primary" onClick={print} data-testid="print-pickup">
          {t('print')}
        </button>
      </div>
    </section>
  );
}
