import { useEffect, useState } from 'preact/hooks';
import type { OrderResponse } from '#contracts';
import { request, session } from '../api.ts';
import { onLive } from '../live.ts';
import { t } from '../i18n.ts';
import { useCropNames } from './orders.tsx';
import { Catalogue } from './buyer/catalogue.tsx';
import { reloadCatalogue, useCatalogue } from './buyer/catalogue-data.ts';
import { ConfirmationSheet } from './buyer/confirmation.tsx';
import { MyOrders } from './buyer/my-orders.tsx';
import { OrderForm as BuyerOrderForm } from './buyer/order-form.tsx';
import './buyer/buyer.css';

/** The order form, shared with the manager's 代客下单 (it loads the catalogue it needs). */
export function OrderForm(props: { buyerId?: string; onPlaced: (order: OrderResponse) => void }) {
  useEffect(() => void reloadCatalogue(), []);
  return <BuyerOrderForm {...props} />;
}

/**
 * The buyer's page (issue 19): what can be ordered and when, the order form, and their own orders,
 * kept current by the buyer's live room (their orders and the batches serving them).
 */
export function BuyerView() {
  useCropNames();
  const catalogue = useCatalogue();
  const [orders, setOrders] = useState<OrderResponse[] | null>(null);
  const [picked, setPicked] = useState<{ crop: string; at: number } | null>(null);
  const load = () =>
    request('GET /api/orders')
      .then(setOrders)
      .catch(() => setOrders([]));
  // Loaded by live.ts once the socket has joined the buyer's room, then on each change of an order
  // or of a batch serving one (a new stage or ready date moves the earliest dates too).
  useEffect(
    () =>
      onLive({
        order: () => void Promise.all([load(), reloadCatalogue()]),
        batch: () => void Promise.all([load(), reloadCatalogue()]),
        load: () => void Promise.all([load(), reloadCatalogue()]),
      }),
    [],
  );
  const me = session.get()?.user;
  return (
    <div class="buyer">
      <p class="muted buyer-who">
        <span class="data">{me?.name}</span> {me?.village ? <span class="data">· {me.village}</span> : ''}
        {catalogue && (
          <>
            {' '}
            · {t('buyerNurseryPhone')} {catalogue.nursery.phone}
          </>
        )}
      </p>
      <Catalogue onPick={(crop) => setPicked({ crop, at: Date.now() })} />
      <div class="buyer-columns">
        <BuyerOrderForm picked={picked} onPlaced={() => void load()} />
        <MyOrders orders={orders} onChanged={() => void load()} />
      </div>
      <ConfirmationSheet />
    </div>
  );
}
