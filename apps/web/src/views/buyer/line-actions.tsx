import { useState } from 'preact/hooks';
import type { ChangeLineRequest, OrderLineResponse, OrderResponse } from '#contracts';
import { request } from '../../api.ts';
import { t } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { useCatalogue } from './catalogue-data.ts';
import { OtherVarieties } from './other-varieties.tsx';
import { day, lineOutcomeText, plants, tf } from './text.ts';

const OPEN = new Set(['waitlisted', 'confirmed', 'in_production', 'ready', 'short']);

/**
 * What the buyer can do with one line: before the cut-off cancel it or change its quantity or date;
 * after it, call the nursery. A waitlisted line takes its earliest date, a short one its partial
 * delivery, the next date or another variety, each in one tap (PATCH /api/orders/:id/lines/:lineId).
 */
export function LineActions({
  order,
  line,
  onChanged,
}: {
  order: OrderResponse;
  line: OrderLineResponse;
  onChanged: (order: OrderResponse, notice: string) => void;
}) {
  const catalogue = useCatalogue();
  const [panel, setPanel] = useState<'none' | 'cancel' | 'change'>('none');
  const [quantity, setQuantity] = useState(String(line.quantity));
  const [date, setDate] = useState(line.confirmedDate ?? line.wantedFrom);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!OPEN.has(line.status)) return null;
  const phone = catalogue?.nursery.phone ?? '';
  const id = `line-${line.id}`;

  const run = async (work: () => Promise<OrderResponse>, notice: (after: OrderLineResponse) => string) => {
    setBusy(true);
    setError('');
    try {
      const after = await work();
      const changed = after.lines.find((l) => l.id === line.id) ?? line;
      setPanel('none');
      onChanged(after, notice(changed));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const patch = (body: ChangeLineRequest) =>
    run(
      () =>
        request('PATCH /api/orders/:id/lines/:lineId', { params: { id: order.id, lineId: line.id }, body }),
      (after) => lineOutcomeText(after),
    );
  const cancel = () =>
    run(
      () =>
        request('POST /api/orders/:id/cancel', { params: { id: order.id }, body: { lineIds: [line.id] } }),
      () => t('buyerLineCancelled'),
    );

  return (
    <div class="line-actions" data-testid={`${id}-actions`}>
      {line.status === 'waitlisted' && line.earliestDate && (
        <button
          type="button"
          data-testid={`${id}-take-earliest`}
          disabled={busy}
          onClick={() => void patch({ wantedDate: line.earliestDate! })}
        >
          {tf('buyerTakeEarliest', { date: day(line.earliestDate) })}
        </button>
      )}
      {line.status === 'short' && line.alternative && (
        <>
          {line.alternative.partialQuantity > 0 && (
            <button
              type="button"
              data-testid={`${id}-take-partial`}
              disabled={busy}
              onClick={() =>
                void patch({ quantity: line.alternative!.partialQuantity, reason: 'partial accepted' })
              }
            >
              {tf('buyerTakePartial', {
                quantity: plants(line.alternative.partialQuantity),
                date: day(line.alternative.partialDate),
              })}
            </button>
          )}
          {line.alternative.nextDate && (
            <button
              type="button"
              data-testid={`${id}-take-next`}
              disabled={busy}
              onClick={() => void patch({ wantedDate: line.alternative!.nextDate! })}
            >
              {tf('buyerTakeNext', { date: day(line.alternative.nextDate) })}
            </button>
          )}
          <OtherVarieties
            line={line}
            busy={busy}
            onTake={(cultivar) => void patch({ cultivar, reason: 'another variety accepted' })}
            fallback={tf('buyerOtherVariety', { phone })}
          />
        </>
      )}
      {line.changeable ? (
        <div class="row actions">
          <button
            type="button"
            data-testid={`${id}-cancel`}
            onClick={() => setPanel(panel === 'cancel' ? 'none' : 'cancel')}
          >
            {t('buyerCancelLine')}
          </button>
          <button
            type="button"
            data-testid={`${id}-change`}
            onClick={() => setPanel(panel === 'change' ? 'none' : 'change')}
          >
            {t('buyerChangeLine')}
          </button>
          {line.changeableUntil && (
            <span class="muted">{tf('buyerChangeUntil', { date: day(line.changeableUntil) })}</span>
          )}
        </div>
      ) : (
        <p class="muted" data-testid={`${id}-call`}>
          {tf('buyerCallNursery', { phone })}
        </p>
      )}
      {panel === 'cancel' && (
        <div class="confirm-box">
          <p>{catalogue?.depositOnCancel === 'keep' ? t('buyerCancelKeeps') : t('buyerCancelRefunds')}</p>
          <button
            type="button"
            class="primary"
            data-testid={`${id}-cancel-confirm`}
            disabled={busy}
            onClick={() => void cancel()}
          >
            {t('buyerCancelConfirm')}
          </button>
          <button type="button" onClick={() => setPanel('none')}>
            {t('buyerKeepLine')}
          </button>
        </div>
      )}
      {panel === 'change' && (
        <div class="confirm-box">
          <label>
            {t('quantity')}
            <input
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              value={quantity}
              onInput={(e) => setQuantity(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('date')}
            <input name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <p class="muted">{t('buyerChangeWarning')}</p>
          <button
            type="button"
            class="primary"
            data-testid={`${id}-change-save`}
            disabled={busy || !/^\d+$/.test(quantity) || Number(quantity) < 1}
            onClick={() => {
              const body: ChangeLineRequest = {};
              if (Number(quantity) !== line.quantity) body.quantity = Number(quantity);
              if (date !== (line.confirmedDate ?? line.wantedFrom)) body.wantedDate = date;
              void patch(body);
            }}
          >
            {t('save')}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
