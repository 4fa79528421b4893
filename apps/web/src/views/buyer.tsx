import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, asList, session } from '../api.ts';
import { pick, str, type Row } from '../data.ts';
import { formatDate, todayInNursery } from '../format.ts';
import { localName, t } from '../i18n.ts';
import { onLive } from '../live.ts';
import { OrderCard, cropNames, lineDate, statusText, useCropNames } from './orders.tsx';

export const cropKey = (crop: Row) => str(pick(crop, 'key', 'code', 'id'));

/** The order form, shared by buyers and by managers ordering for a buyer without a phone. */
export function OrderForm({ buyerId, onPlaced }: { buyerId?: string; onPlaced: (order: Row) => void }) {
  const [crops, setCrops] = useState<Row[]>([]);
  const [crop, setCrop] = useState('');
  const [cultivar, setCultivar] = useState('');
  const [cells, setCells] = useState('');
  const [quantity, setQuantity] = useState(5000);
  const [date, setDate] = useState(todayInNursery(45));
  const [availability, setAvailability] = useState<Row | null>(null);
  const [error, setError] = useState('');
  const [placed, setPlaced] = useState<Row | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api('/api/crops')
      .then((body) => {
        const list = asList(body);
        for (const c of list) cropNames.set(cropKey(c), c);
        setCrops(list);
        if (list[0]) setCrop(cropKey(list[0]));
      })
      .catch(() => setCrops([]));
  }, []);

  useEffect(() => {
    if (!crop || !(quantity > 0) || !date) return;
    let cancelled = false;
    const query = new URLSearchParams({ crop, quantity: String(quantity), date });
    if (cultivar) query.set('cultivar', cultivar);
    if (cells) query.set('tray', cells);
    const timer = setTimeout(() => {
      void api<Row>(`/api/availability?${query.toString()}`)
        .then((body) => !cancelled && setAvailability(body))
        .catch(() => !cancelled && setAvailability(null));
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [crop, quantity, date, cultivar, cells]);

  const canConfirm = availability
    ? Boolean(pick(availability, 'available', 'canConfirm', 'confirmable', 'ok'))
    : null;
  const earliest = availability ? pick(availability, 'earliestDate', 'earliest', 'date') : null;
  const selected = crops.find((c) => cropKey(c) === crop);
  const cultivars = asList<Row | string>(selected?.cultivars ?? []).map((c) =>
    typeof c === 'string' ? c : str(pick(c, 'name', 'key')),
  );
  const trays = [
    ...new Set(
      [selected?.traysDefault, ...asList<number>(selected?.traysAlt ?? [])]
        .filter((c) => typeof c === 'number')
        .map(String),
    ),
  ];

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const line: Row = { crop, quantity, wantedDate: date };
      if (cultivar) line.cultivar = cultivar;
      if (cells) line.cells = Number(cells);
      const body: Row = { lines: [line] };
      if (buyerId) body.buyerId = buyerId;
      const order = await api<Row>('/api/orders', { method: 'POST', body });
      setPlaced(order);
      onPlaced(order);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  const firstLine = placed ? asList(placed.lines)[0] : undefined;
  return (
    <form class="panel order-form" onSubmit={(e) => void submit(e)} data-testid="order-form">
      <h2>{t('placeOrder')}</h2>
      <label>
        {t('crop')}
        <select name="crop" value={crop} onChange={(e) => setCrop(e.currentTarget.value)}>
          {crops.map((c) => (
            <option value={cropKey(c)}>{localName(c)}</option>
          ))}
        </select>
      </label>
      {cultivars.length > 0 && (
        <label>
          {t('cultivar')}
          <select name="cultivar" value={cultivar} onChange={(e) => setCultivar(e.currentTarget.value)}>
            <option value="">{t('any')}</option>
            {cultivars.map((c) => (
              <option value={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      {trays.length > 0 && (
        <label>
          {t('tray')}
          <select name="tray" value={cells} onChange={(e) => setCells(e.currentTarget.value)}>
            <option value="">{t('any')}</option>
            {trays.map((c) => (
              <option value={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('quantity')}
        <input
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={quantity}
          onInput={(e) => setQuantity(Number(e.currentTarget.value))}
        />
      </label>
      <label>
        {t('date')}
        <input
          name="date"
          type="date"
          value={date}
          min={todayInNursery()}
          onInput={(e) => setDate(e.currentTarget.value)}
        />
      </label>
      <p
        class="availability"
        data-testid="availability"
        data-can={canConfirm === null ? '' : String(canConfirm)}
      >
        {availability === null ? t('noData') : canConfirm ? `✓ ${t('available')}` : `${t('notAvailable')}`}
        {earliest ? ` · ${t('earliest')}: ${formatDate(earliest)}` : ''}
        {canConfirm === false && typeof earliest === 'string' && (
          <button type="button" class="link" data-testid="use-earliest" onClick={() => setDate(earliest)}>
            {t('useEarliest')}
          </button>
        )}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || !crop} data-testid="submit-order">
        {t('submit')}
      </button>
      {placed && (
        <p
          class="confirmation"
          data-testid="order-confirmation"
          data-status={str(firstLine?.status ?? placed.status)}
        >
          {t('orderPlaced')} #{str(pick(placed, 'number', 'id'))} ·{' '}
          {statusText(str(firstLine?.status ?? placed.status))} · {t('pickup')}{' '}
          <strong data-testid="confirmed-date">
            {formatDate(firstLine ? lineDate(firstLine) : pick(placed, 'date'))}
          </strong>
        </p>
      )}
    </form>
  );
}

export function BuyerView() {
  useCropNames();
  const [orders, setOrders] = useState<Row[] | null>(null);
  const load = () =>
    api('/api/orders')
      .then((b) => setOrders(asList(b)))
      .catch(() => setOrders([]));
  useEffect(() => {
    void load();
    return onLive({ order: () => void load(), batch: () => void load(), resync: () => void load() });
  }, []);
  const me = session.get()?.user;
  return (
    <div class="buyer">
      <p class="muted">
        {me?.name} {me?.village ? `· ${me.village}` : ''}
      </p>
      <OrderForm onPlaced={() => void load()} />
      <section data-testid="my-orders">
        <h2>{t('myOrders')}</h2>
        {orders === null ? (
          <p class="muted">{t('loading')}</p>
        ) : orders.length === 0 ? (
          <p class="muted">{t('noData')}</p>
        ) : (
          orders.map((o) => <OrderCard order={o} />)
        )}
      </section>
    </div>
  );
}
