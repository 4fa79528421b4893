import { useState } from 'preact/hooks';
import {
  isDeliverableLine,
  type DeliveryItemRequest,
  type DeliveryRequest,
  type OrderResponse,
  type PaymentRequest,
} from '#contracts';
import { downloadAuthenticated, request } from '../api.ts';
import { formatCount, formatDate, formatFen, nurseryDate } from '../format.ts';
import { locale, t } from '../i18n.ts';
import { errorMessage } from '../messages.ts';
import { clockSkew } from '../live.ts';
import { cropName } from './orders.tsx';

/** Lines the api lets a manager deliver (docs/orders.md; `in_production`/`ready` are stored `confirmed`). */

const errorText = errorMessage;

const today = () => nurseryDate(Date.now() + clockSkew.get());
const remaining = (row: { quantity: number; delivered: number }) => Math.max(0, row.quantity - row.delivered);

const METHODS: [string, string, string][] = [
  ['cash', '现金', 'Cash'],
  ['wechat', '微信', 'WeChat'],
  ['alipay', '支付宝', 'Alipay'],
  ['bank', '银行转账', 'Bank transfer'],
];

type Panel = 'none' | 'payment' | 'delivery';

/** A manager's actions on one order: record a payment, record a delivery, print its slips. */
export function OrderActions({ order, onChange }: { order: OrderResponse; onChange: () => void }) {
  const id = order.id;
  const [panel, setPanel] = useState<Panel>('none');
  const [detail, setDetail] = useState<OrderResponse | null>(null);
  const [notice, setNotice] = useState('');

  // Lists carry no payments and deliveries: the order itself does (docs/orders.md).
  const loadDetail = () =>
    request('GET /api/orders/:id', { params: { id } })
      .then(setDetail)
      .catch(() => setDetail(order));
  const open = (next: Panel) => {
    setNotice('');
    setPanel(panel === next ? 'none' : next);
    if (next !== 'none') void loadDetail();
  };
  const done = (message: string, changed?: OrderResponse) => {
    setNotice(message);
    setPanel('none');
    if (changed) setDetail(changed);
    else void loadDetail();
    onChange();
  };
  const deliveries = detail?.deliveries ?? [];

  return (
    <div class="order-actions" data-testid={`actions-${id}`}>
      <div class="row actions">
        <button
          data-testid={`pay-${id}`}
          class={panel === 'payment' ? 'active' : ''}
          onClick={() => open('payment')}
        >
          {t('payments')}
        </button>
        <button
          data-testid={`deliver-${id}`}
          class={panel === 'delivery' ? 'active' : ''}
          onClick={() => open('delivery')}
        >
          {t('deliver')}
        </button>
        {deliveries.length === 0 && detail === null && (
          <button class="link" onClick={() => void loadDetail()}>
            {t('deliveries')}
          </button>
        )}
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {panel === 'payment' && (
        <PaymentForm order={detail ?? order} onDone={(o) => done(t('paymentSaved'), o)} />
      )}
      {panel === 'delivery' &&
        (detail ? (
          <DeliveryForm order={detail} onDone={(o) => done(t('deliverySaved'), o)} />
        ) : (
          <p class="muted">{t('loading')}</p>
        ))}
      {deliveries.length > 0 && (
        <ul class="deliveries" data-testid={`deliveries-${id}`}>
          {deliveries.map((d) => (
            <li>
              {formatDate(d.date)} · {formatCount(d.quantity)} · {formatFen(d.amountFen)}
              {d.returnedTrays ? ` · ${t('returnedTrays')} ${d.returnedTrays} ${t('trays')}` : ''}{' '}
              <button
                class="link"
                data-testid={`slip-${d.id}`}
                onClick={() =>
                  void downloadAuthenticated(undefined, 'GET /api/orders/:id/deliveries/:deliveryId/slip', {
                    params: { id, deliveryId: d.id },
                  }).catch((e: unknown) => setNotice(errorText(e)))
                }
              >
                {t('slip')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PaymentForm({ order, onDone }: { order: OrderResponse; onDone: (order?: OrderResponse) => void }) {
  const { depositFen, paidFen, balanceFen } = order;
  // The deposit while it is unpaid, the balance after.
  const suggested = paidFen < depositFen ? depositFen - paidFen : balanceFen;
  const [amount, setAmount] = useState((suggested / 100).toFixed(2));
  const [date, setDate] = useState(today());
  const [method, setMethod] = useState('cash');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const fen = Math.round(Number(amount) * 100);
    if (!Number.isFinite(fen) || fen === 0) return setError(t('amountYuan'));
    setBusy(true);
    setError('');
    try {
      const body: PaymentRequest = { amountFen: fen, date, method };
      if (note.trim()) body.note = note.trim();
      onDone(await request('POST /api/orders/:id/payments', { params: { id: order.id }, body }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel small-form" data-testid="payment-form" onSubmit={(e) => void submit(e)}>
      <p class="muted">
        {t('deposit')} {formatFen(depositFen)} · {t('paid')} {formatFen(paidFen)} · {t('balance')}{' '}
        {formatFen(balanceFen)}
      </p>
      <label>
        {t('amountYuan')}
        <input
          name="amount"
          type="number"
          inputMode="decimal"
          step="0.01"
          value={amount}
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('payDate')}
        <input name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      </label>
      <label>
        {t('method')}
        <select name="method" value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
          {METHODS.map(([value, zh, en]) => (
            <option value={value}>{locale.get() === 'en' ? en : zh}</option>
          ))}
        </select>
      </label>
      <label>
        {t('comment')}
        <input name="note" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('save')}
      </button>
    </form>
  );
}

interface LineDraft {
  quantity: string;
  households: Record<string, string>;
}

function DeliveryForm({ order, onDone }: { order: OrderResponse; onDone: (order?: OrderResponse) => void }) {
  const lines = order.lines.filter((line) => isDeliverableLine(line.status) && remaining(line) > 0);
  const [drafts, setDrafts] = useState<Record<string, LineDraft>>(() =>
    Object.fromEntries(
      lines.map((line) => [
        line.id,
        {
          quantity: String(remaining(line)),
          households: Object.fromEntries(line.households.map((h) => [h.name, String(remaining(h))])),
        },
      ]),
    ),
  );
  const [date, setDate] = useState(today());
  const [trays, setTrays] = useState('0');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  if (lines.length === 0) return <p class="muted">{t('nothingToDeliver')}</p>;

  const setLine = (lineId: string, change: (d: LineDraft) => LineDraft) =>
    setDrafts((all) => ({ ...all, [lineId]: change(all[lineId]) }));
  const setHousehold = (lineId: string, name: string, value: string) =>
    setLine(lineId, (d) => {
      const households = { ...d.households, [name]: value };
      // A party secretary's line is the sum of its households.
      const sum = Object.values(households).reduce((s, v) => s + (Number(v) || 0), 0);
      return { quantity: String(sum), households };
    });

  const submit = async (event: Event) => {
    event.preventDefault();
    const items = lines
      .map((line) => {
        const draft = drafts[line.id];
        const item: DeliveryItemRequest = {
          lineId: line.id,
          quantity: Math.round(Number(draft.quantity) || 0),
        };
        const households = Object.entries(draft.households)
          .map(([name, q]) => ({ name, quantity: Math.round(Number(q) || 0) }))
          .filter((h) => h.quantity > 0);
        if (households.length > 0) item.households = households;
        return item;
      })
      .filter((item) => item.quantity > 0);
    if (items.length === 0) return setError(t('nothingToDeliver'));
    setBusy(true);
    setError('');
    try {
      const body: DeliveryRequest = {
        date,
        items,
        returnedTrays: Math.max(0, Math.round(Number(trays) || 0)),
      };
      if (note.trim()) body.note = note.trim();
      const answer = await request('POST /api/orders/:id/deliveries', { params: { id: order.id }, body });
      onDone(answer.order);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel small-form" data-testid="delivery-form" onSubmit={(e) => void submit(e)}>
      <label>
        {t('deliveryDate')}
        <input name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      </label>
      {lines.map((line) => {
        const lineId = line.id;
        const draft = drafts[lineId];
        const households = line.households;
        return (
          <fieldset data-testid={`delivery-line-${lineId}`}>
            <legend>
              {cropName(line.crop)} {line.cultivar ?? ''} · {t('ordered')} {formatCount(line.quantity)} ·{' '}
              {t('remaining')} {formatCount(remaining(line))}
            </legend>
            {households.length > 0
              ? households.map((h) => (
                  <label class="inline">
                    {h.name}
                    <span class="muted">
                      ({t('remaining')} {formatCount(remaining(h))})
                    </span>
                    <input
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={remaining(h)}
                      value={draft.households[h.name]}
                      onInput={(e) => setHousehold(lineId, h.name, e.currentTarget.value)}
                    />
                  </label>
                ))
              : null}
            <label class="inline">
              {t('quantity')}
              <input
                name={`quantity-${lineId}`}
                type="number"
                inputMode="numeric"
                min={0}
                max={remaining(line)}
                value={draft.quantity}
                readOnly={households.length > 0}
                onInput={(e) => setLine(lineId, (d) => ({ ...d, quantity: e.currentTarget.value }))}
              />
            </label>
          </fieldset>
        );
      })}
      <label>
        {t('returnedTrays')}
        <input
          name="returnedTrays"
          type="number"
          inputMode="numeric"
          min={0}
          value={trays}
          onInput={(e) => setTrays(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('comment')}
        <input name="note" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="submit-delivery">
        {t('deliver')}
      </button>
    </form>
  );
}
