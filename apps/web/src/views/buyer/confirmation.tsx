import { useEffect } from 'preact/hooks';
import type { OrderResponse } from '#contracts';
import { formatFen } from '../../format.ts';
import { t } from '../../i18n.ts';
import { signal, useSignal } from '../../state.ts';
import { cropName } from '../orders.tsx';
import { useCatalogue, varietyName } from './catalogue-data.ts';
import { day, lineOutcomeText, plants, tf } from './text.ts';

/** The order whose confirmation sheet is open (printed with window.print()). */
const sheet = signal<OrderResponse | null>(null);

export function openConfirmation(order: OrderResponse): void {
  sheet.set(order);
}

/**
 * The printable order confirmation, for the buyer and for the open day's counter: order number,
 * lines with households and dates, pickup place, deposit due and how to pay it. On screen it is a
 * sheet over the page; `@media print` (buyer.css) prints it alone.
 */
export function ConfirmationSheet() {
  const order = useSignal(sheet);
  const catalogue = useCatalogue();
  useEffect(() => {
    document.body.classList.toggle('printing-confirmation', order !== null);
    if (order) window.scrollTo(0, 0);
  }, [order]);
  if (!order || !catalogue) return null;
  const { nursery } = catalogue;
  const open = order.lines.filter((line) => line.status !== 'cancelled' && line.status !== 'lapsed');
  const depositLeft = Math.max(0, order.depositFen - order.paidFen);
  return (
    <section class="print-sheet panel" data-testid="confirmation-sheet">
      <div class="sheet-actions">
        <button type="button" class="primary" data-testid="print-now" onClick={() => window.print()}>
          {t('buyerPrintNow')}
        </button>
        <button type="button" data-testid="close-sheet" onClick={() => sheet.set(null)}>
          {t('buyerClose')}
        </button>
      </div>
      <h2>
        <span class="data">{nursery.name}</span> · {t('buyerConfirmationTitle')}
      </h2>
      <p>
        {tf('buyerOrderNumber', { number: order.number })} · {t('buyerPlacedAt')}{' '}
        {day(order.placedAt.slice(0, 10))}
        {order.buyer && (
          <>
            {' '}
            · <span class="data">{order.buyer.name}</span> <span class="data">{order.buyer.village}</span>
          </>
        )}
      </p>
      <table class="sheet-lines">
        <thead>
          <tr>
            <th>{t('crop')}</th>
            <th>{t('buyerWhatWhen')}</th>
          </tr>
        </thead>
        <tbody>
          {open.map((line) => (
            <tr>
              <td>
                {cropName(line.crop)}
                {line.cultivar && (
                  <>
                    {' '}
                    <span class="data" data-testid="sheet-variety">
                      {varietyName(line.crop, line.cultivar)}
                    </span>
                  </>
                )}
                {line.cells !== null && ` · ${tf('buyerCells', { cells: line.cells })}`}
                {line.grafted && ` · ${t('buyerGrafted')}`}
                {line.ownSeed && ` · ${t('buyerOwnSeed')}`}
              </td>
              <td>
                {lineOutcomeText(line)} · {formatFen(line.amountFen)}
                {line.households.length > 0 && (
                  <ul class="sheet-households">
                    {line.households.map((h) => (
                      <li>
                        <span class="data">{h.name}</span> {plants(h.quantity)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="sheet-terms">
        <dt>{t('buyerTotal')}</dt>
        <dd>{formatFen(order.totalFen)}</dd>
        <dt>{t('deposit')}</dt>
        <dd>
          {depositLeft > 0
            ? tf('buyerDepositDue', { amount: formatFen(depositLeft), date: day(order.depositDue) })
            : tf('buyerDepositPaid', { amount: formatFen(order.depositFen) })}
        </dd>
        <dt>{t('buyerHowToPay')}</dt>
        <dd class="data">{nursery.depositPayment}</dd>
        <dt>{t('pickupPlace')}</dt>
        <dd>
          <span class="data">{nursery.pickupPlace}</span> · <span class="data">{nursery.address}</span>
        </dd>
        <dt>{t('buyerPhone')}</dt>
        <dd>{nursery.phone}</dd>
        <dt>{t('buyerCutoffRule')}</dt>
        <dd>{tf('buyerCutoffText', { days: catalogue.cancelCutoffDays })}</dd>
      </dl>
    </section>
  );
}
