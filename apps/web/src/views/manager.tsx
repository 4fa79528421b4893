import { useEffect, useRef, useState } from 'preact/hooks';
import type { CapacityResponse, OrderResponse } from '#contracts';
import { request } from '../api.ts';
import { str } from '../data.ts';
import { formatCount, formatDate, formatDateTime } from '../format.ts';
import { localName, t, type MessageKey } from '../i18n.ts';
import { onLive } from '../live.ts';
import { navigate } from '../router.ts';
import { OrderForm } from './buyer.tsx';
import { OrderActions } from './order-actions.tsx';
import { OrderCard, cropName, cropNames, stageText, useCropNames } from './orders.tsx';
import { AlarmHistory } from './alarm-history.tsx';
import { BrokerLoopbackWarning, SiteSetup, useLanAccess } from './site-setup.tsx';
import { People } from './manager/people.tsx';
import { CatalogueView } from './manager/catalogue/catalogue.tsx';
import { AlarmSetup } from './manager/alarm-setup.tsx';
import { Settings } from './manager/settings.tsx';
import { DevicesView } from './manager/devices.tsx';
import { MoneyView } from './manager/money.tsx';
import { SystemStatusBanner, SystemStatusCard, useSiteStatus } from './manager/system-status.tsx';
import { NO_FILTER, OrderFilters, PickupList, orderQuery } from './manager/order-filters.tsx';
import { CapacityCalendar } from './manager/capacity.tsx';
import { PlanOverage } from './plan-overage.tsx';
import { Houses } from './manager/houses.tsx';
import { batchPath } from './batch-records/batch-page.tsx';

type Tab =
  | 'orderBook'
  | 'batches'
  | 'msHouses'
  | 'money'
  | 'msPeople'
  | 'msCatalogue'
  | 'devices'
  | 'alarmHistory'
  | 'msAlarmSetup'
  | 'commandHistory'
  | 'msSettings'
  | 'siteSetup'
  | 'systemStatus';
const TABS: Tab[] = [
  'orderBook',
  'batches',
  'msHouses',
  'money',
  'msPeople',
  'msCatalogue',
  'devices',
  'alarmHistory',
  'msAlarmSetup',
  'commandHistory',
  'msSettings',
  'siteSetup',
  'systemStatus',
];

/**
 * A table's rows from one typed call. One that changes live (`liveOn`) is loaded by live.ts once
 * the socket has joined its rooms, and again on each change, so nothing is missed and nothing is
 * loaded twice.
 */
function useList<T>(
  fetchRows: () => Promise<T[]>,
  liveOn?: 'order' | 'batch' | 'command',
): [T[] | null, () => void] {
  const [rows, setRows] = useState<T[] | null>(null);
  const load = () =>
    void fetchRows()
      .then(setRows)
      .catch(() => setRows([]));
  useEffect(() => (liveOn ? onLive({ [liveOn]: load, load }) : load()), []);
  return [rows, load];
}

type Column<T> = [MessageKey, (row: T) => unknown];

/** CSV of what a table shows, made in the browser (with a BOM so Excel reads the Chinese). */
function downloadCsv<T>(rows: T[], columns: Column<T>[], name: string): void {
  const cell = (value: unknown) => {
    const text = str(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map(([label]) => cell(t(label))).join(',')];
  for (const row of rows) lines.push(columns.map(([, get]) => cell(get(row))).join(','));
  const url = URL.createObjectURL(
    new Blob([`\ufeff${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A table of rows; `href` makes each row's first cell a link to the row's own page. */
function Table<T>({
  rows,
  columns,
  csv,
  href,
}: {
  rows: T[] | null;
  columns: Column<T>[];
  csv?: string;
  href?: (row: T) => string;
}) {
  if (rows === null) return <p class="muted">{t('loading')}</p>;
  if (rows.length === 0) return <p class="muted">{t('noData')}</p>;
  return (
    <div class="scroll">
      {csv && (
        <button class="link" onClick={() => downloadCsv(rows, columns, csv)}>
          {t('exportCsv')}
        </button>
      )}
      <table>
        <thead>
          <tr>
            {columns.map(([label]) => (
              <th>{t(label)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map(([, get], index) => (
                <td>
                  {href && index === 0 ? (
                    <a
                      href={href(row)}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(href(row));
                      }}
                    >
                      {str(get(row))}
                    </a>
                  ) : (
                    str(get(row))
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Orders a page of the order book holds; "更多订单" asks for the next one. */
const ORDER_PAGE = 50;
/** Orders fetched a time when the whole filtered book is exported. */
const EXPORT_PAGE = 1000;

/**
 * The order book, newest first, filtered and paged by the server (10,000 orders stay quick): a
 * page of 50 and "更多订单" for the next; a change of filter or a live order change starts again
 * from the first page. The CSV holds every order the filter matches, fetched page by page.
 */
function OrderBook() {
  useCropNames();
  const [buyers] = useList(() => request('GET /api/buyers'));
  const [buyerId, setBuyerId] = useState('');
  const [filter, setFilter] = useState(NO_FILTER);
  const [orders, setOrders] = useState<OrderResponse[] | null>(null);
  const [more, setMore] = useState(false);
  const current = useRef(filter);
  const page = (before?: string) =>
    request('GET /api/orders', {
      query: { ...orderQuery(current.current), limit: ORDER_PAGE, ...(before ? { before } : {}) },
    });
  // Answers to an older filter (a slow page, then a new choice) are dropped, not shown.
  const generation = useRef(0);
  const load = () => {
    const mine = ++generation.current;
    void page()
      .then((rows) => {
        if (mine !== generation.current) return;
        setOrders(rows);
        setMore(rows.length === ORDER_PAGE);
      })
      .catch(() => mine === generation.current && setOrders([]));
  };
  const loadMore = () => {
    const last = orders?.at(-1);
    if (!last) return;
    const mine = generation.current;
    void page(last.placedAt).then((rows) => {
      if (mine !== generation.current) return;
      setOrders([...(orders ?? []), ...rows]);
      setMore(rows.length === ORDER_PAGE);
    });
  };
  useEffect(() => onLive({ order: load, load }), []);
  const changeFilter = (next: typeof filter) => {
    current.current = next;
    setFilter(next);
    setOrders(null);
    load();
  };
  const exportCsv = async () => {
    const all: OrderResponse[] = [];
    for (;;) {
      const rows = await request('GET /api/orders', {
        query: {
          ...orderQuery(filter),
          limit: EXPORT_PAGE,
          ...(all.length ? { before: all.at(-1)!.placedAt } : {}),
        },
      });
      all.push(...rows);
      if (rows.length < EXPORT_PAGE) break;
    }
    downloadCsv(
      all,
      [
        ['orderBook', (o) => o.number],
        ['buyerName', (o) => o.buyer?.name],
        ['village', (o) => o.buyer?.village],
        ['status', (o) => o.status],
        ['total', (o) => o.totalFen / 100],
        ['deposit', (o) => o.depositFen / 100],
        ['balance', (o) => o.balanceFen / 100],
      ],
      'orders.csv',
    );
  };
  return (
    <div>
      <details class="panel">
        <summary>{t('onBehalf')}</summary>
        <label>
          {t('buyerName')}
          <select value={buyerId} onChange={(e) => setBuyerId(e.currentTarget.value)}>
            <option value="">—</option>
            {(buyers ?? []).map((b) => (
              <option value={b.id}>
                {b.name} · {b.village}
              </option>
            ))}
          </select>
        </label>
        {buyerId && <OrderForm buyerId={buyerId} onPlaced={load} />}
      </details>
      {orders && orders.length > 0 && (
        <button class="link" onClick={() => void exportCsv()}>
          {t('exportCsv')}
        </button>
      )}
      <OrderFilters
        villages={(buyers ?? []).map((b) => b.village)}
        crops={[...cropNames.keys()]}
        orders={orders ?? []}
        value={filter}
        onChange={changeFilter}
      />
      {orders && filter !== NO_FILTER && (
        <p class="muted" data-testid="orders-shown">
          {t(orders.length === 1 ? 'ordersShownOne' : 'ordersShownN').replace('{n}', String(orders.length))}
        </p>
      )}
      {orders && filter.pickup && <PickupList orders={orders} day={filter.pickup} />}
      {orders === null ? (
        <p class="muted">{t('loading')}</p>
      ) : orders.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <div class="orders" data-testid="order-list">
          {orders.map((o) => (
            <div>
              <OrderCard order={o} showBuyer />
              <OrderActions order={o} onChange={load} />
            </div>
          ))}
        </div>
      )}
      {more && (
        <button class="more" data-testid="orders-more" onClick={loadMore}>
          {t('moreOrders')}
        </button>
      )}
    </div>
  );
}

const WEEKS = 12;

function Batches() {
  const [batches, load] = useList(() => request('GET /api/batches'));
  const [zones] = useList(() => request('GET /api/zones'));
  const [capacity, setCapacity] = useState<CapacityResponse | null>(null);
  const loadCapacity = () =>
    void request('GET /api/capacity', { query: { days: WEEKS * 7 } })
      .then(setCapacity)
      .catch(() => setCapacity(null));
  useEffect(() => {
    const reload = () => {
      load();
      loadCapacity();
    };
    return onLive({ batch: reload, load: reload });
  }, []);
  return (
    <div>
      {/* The code opens the batch's page: its records, and its climate passport (气候档案). */}
      <Table
        rows={batches}
        href={(b) => batchPath(b.id)}
        columns={[
          ['batches', (b) => b.code],
          ['crop', (b) => `${cropName(b.crop)} ${b.cultivar ?? ''}`],
          ['zone', (b) => localName((zones ?? []).find((z) => z.code === b.zone)) || b.zone],
          ['stage', (b) => stageText(b.stage)],
          ['count', (b) => formatCount(b.saleable ?? b.forecastSaleable)],
          ['forecastReady', (b) => formatDate(b.readyFrom)],
        ]}
      />
      <CapacityCalendar capacity={capacity} zones={zones ?? []} />
      <PlanOverage />
    </div>
  );
}

function CommandHistory() {
  const [commands] = useList(() => request('GET /api/commands', { query: { limit: 200 } }), 'command');
  return (
    <Table
      rows={commands}
      csv="commands.csv"
      columns={[
        ['time', (c) => formatDateTime(c.createdAt)],
        ['zone', (c) => c.zone],
        ['commands', (c) => `${c.name} ${JSON.stringify(c.params)}`],
        ['status', (c) => `${c.status}${c.ackMessage ? ` (${c.ackMessage})` : ''}`],
        ['name', (c) => c.issuedByName],
      ]}
    />
  );
}

export function ManagerView() {
  const [tab, setTab] = useState<Tab>('orderBook');
  const [lan, lanError] = useLanAccess();
  const site = useSiteStatus();
  useCropNames();
  return (
    <div class="manager">
      <BrokerLoopbackWarning lan={lan} />
      {tab !== 'systemStatus' && (
        <SystemStatusBanner status={site.status} onOpen={() => setTab('systemStatus')} />
      )}
      <nav class="tabs">
        {TABS.map((name) => (
          <button
            class={name === tab ? 'active' : ''}
            data-testid={`tab-${name}`}
            onClick={() => setTab(name)}
          >
            {t(name)}
          </button>
        ))}
      </nav>
      {tab === 'orderBook' && <OrderBook />}
      {tab === 'batches' && <Batches />}
      {tab === 'msHouses' && <Houses />}
      {tab === 'money' && <MoneyView />}
      {tab === 'msPeople' && <People />}
      {tab === 'msCatalogue' && <CatalogueView />}
      {tab === 'devices' && <DevicesView lan={lan} />}
      {tab === 'alarmHistory' && <AlarmHistory />}
      {tab === 'msAlarmSetup' && <AlarmSetup />}
      {tab === 'commandHistory' && <CommandHistory />}
      {tab === 'msSettings' && <Settings />}
      {tab === 'siteSetup' && <SiteSetup lan={lan} error={lanError} />}
      {tab === 'systemStatus' && <SystemStatusCard {...site} />}
    </div>
  );
}
