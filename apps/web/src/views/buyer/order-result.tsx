import type { OrderDryRunResponse, OrderResponse } from '#contracts';
import { t } from '../../i18n.ts';
import { cropName } from '../orders.tsx';
import { varietyName } from './catalogue-data.ts';
import { openConfirmation } from './confirmation.tsx';
import { day, lineOutcomeText, tf } from './text.ts';

/**
 * The answer of a placed order, exactly: each line confirmed (for which date) or waiting; a line
 * that the check showed confirmable but came back waiting (someone ordered first) is said so.
 */
export function OrderResult({ order, expected }: { order: OrderResponse; expected: OrderDryRunResponse }) {
  return (
    <div class="confirmation" role="status" data-testid="order-confirmation" data-number={order.number}>
      <p>
        <strong>{tf('buyerOrderNumber', { number: order.number })}</strong>
      </p>
      <ul>
        {order.lines.map((line, index) => {
          const worse = expected.lines[index]?.outcome === 'confirmed' && line.status === 'waitlisted';
          return (
            <li data-testid="result-line" data-status={line.status}>
              {cropName(line.crop)}
              {line.cultivar && <span class="data"> {varietyName(line.crop, line.cultivar)}</span>} ·{' '}
              {lineOutcomeText(line)}
              {line.status === 'waitlisted' &&
                line.earliestDate &&
                ` · ${tf('buyerEarliestIs', { date: day(line.earliestDate) })}`}
              {line.queuePosition !== null && ` · ${tf('buyerQueue', { n: line.queuePosition })}`}
              {worse && <strong class="error"> {t('buyerTakenMeanwhile')}</strong>}
            </li>
          );
        })}
      </ul>
      <button type="button" data-testid="print-confirmation" onClick={() => openConfirmation(order)}>
        {t('buyerPrint')}
      </button>
    </div>
  );
}
