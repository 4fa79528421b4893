// A house's live batches: stage, days to ready (or overdue) and counts.
import type { BatchResponse } from '#contracts';
import { daysBetween, formatCount, formatDate, nurseryDate } from '../../format.ts';
import { locale, t } from '../../i18n.ts';
import { clockSkew } from '../../live.ts';
import { useSignal } from '../../state.ts';
import { cropName, stageText } from '../orders.tsx';

/** Days until a batch is saleable, "ready" inside its ready window, "N d overdue" past it. */
export function readyText(
  batch: Pick<BatchResponse, 'readyFrom' | 'readyUntil'>,
  today: string,
): { text: string; state: 'growing' | 'ready' | 'overdue' | '' } {
  const toFrom = daysBetween(today, batch.readyFrom);
  const toUntil = daysBetween(today, batch.readyUntil);
  if (toFrom === null || toUntil === null) return { text: '—', state: '' };
  if (toFrom > 0) return { text: `${toFrom} ${t('days')}`, state: 'growing' };
  if (toUntil >= 0) return { text: t('readyNow'), state: 'ready' };
  const late = -toUntil;
  return {
    text: locale.get() === 'en' ? `${late} d ${t('overdue')}` : `${t('overdue')} ${late} ${t('days')}`,
    state: 'overdue',
  };
}

export function Batches({ batches }: { batches: BatchResponse[] }) {
  const today = nurseryDate(Date.now() + useSignal(clockSkew));
  if (batches.length === 0) return null;
  return (
    <div class="scroll">
      <table class="batches">
        <thead>
          <tr>
            <th>{t('batches')}</th>
            <th>{t('stage')}</th>
            <th>{t('daysToReady')}</th>
            <th>{t('count')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => {
            const ready = readyText(b, today);
            return (
              <tr>
                <td>
                  {b.code} {cropName(b.crop)} {b.cultivar ?? ''}
                </td>
                <td>{stageText(b.stage)}</td>
                <td
                  class={`ready-${ready.state}`}
                  data-testid={`ready-${b.code}`}
                  title={`${formatDate(b.readyFrom)} – ${formatDate(b.readyUntil)}`}
                >
                  {ready.text}
                </td>
                <td>
                  {formatCount(b.saleable ?? b.forecastSaleable)} · {formatCount(b.trays, 'trays')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
