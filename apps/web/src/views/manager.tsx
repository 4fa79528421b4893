import { useEffect, useState } from 'preact/hooks';
import { api, asList, downloadAuthenticated } from '../api.ts';
import { num, pick, str, type Row } from '../data.ts';
import { formatCount, formatDate, formatDateTime, formatMoney } from '../format.ts';
import { localName, t, type MessageKey } from '../i18n.ts';
import { onLive } from '../live.ts';
import { OrderForm } from './buyer.tsx';
import { OrderActions } from './order-actions.tsx';
import { OrderCard, cropName, stageText, useCropNames, yuan } from './orders.tsx';
import { alarmText, severityText } from '../alarm-text.ts';

type Tab = 'orderBook' | 'batches' | 'report' | 'users' | 'devices' | 'alarmHistory' | 'commandHistory';
const TABS: Tab[] = ['orderBook', 'batches', 'report', 'users', 'devices', 'alarmHistory', 'commandHistory'];

function useList(path: string, deps: unknown[] = []): [Row[] | null, () => void] {
  const [rows, setRows] = useState<Row[] | null>(null);
  const load = () =>
    void api(path)
      .then((b) => setRows(asList(b)))
      .catch(() => setRows([]));
  useEffect(load, [path, ...deps]);
  return [rows, load];
}

/** CSV of what a table shows, made in the browser (with a BOM so Excel reads the Chinese). */
function downloadCsv(rows: Row[], columns: [MessageKey, (row: Row) => unknown][], name: string): void {
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

function Table({
  rows,
  columns,
  csv,
}: {
  rows: Row[] | null;
  columns: [MessageKey, (row: Row) => unknown][];
  csv?: string;
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
              {columns.map(([, get]) => (
                <td>{str(get(row))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CsvLink({ path, name }: { path: string; name: string }) {
  return (
    <button class="link" onClick={() => void downloadAuthenticated(path, name).catch(() => undefined)}>
      {t('exportCsv')}
    </button>
  );
}

function OrderBook() {
  const [orders, load] = useList('/api/orders');
  const [buyers] = useList('/api/buyers');
  const [buyerId, setBuyerId] = useState('');
  useEffect(() => onLive({ order: load, resync: load }), []);
  return (
    <div>
      <details class="panel">
        <summary>{t('onBehalf')}</summary>
        <label>
          {t('buyerName')}
          <select value={buyerId} onChange={(e) => setBuyerId(e.currentTarget.value)}>
            <option value="">—</option>
            {(buyers ?? []).map((b) => (
              <option value={str(b.id)}>
                {str(b.name)} · {str(b.village)}
              </option>
            ))}
          </select>
        </label>
        {buyerId && <OrderForm buyerId={buyerId} onPlaced={load} />}
      </details>
      {orders && orders.length > 0 && (
        <button
          class="link"
          onClick={() =>
            downloadCsv(
              orders,
              [
                ['orderBook', (o) => str(o.number)],
                ['buyerName', (o) => str((o.buyer as Row | null)?.name)],
                ['village', (o) => str((o.buyer as Row | null)?.village)],
                ['status', (o) => str(o.status)],
                ['total', (o) => yuan(o, 'total')],
                ['deposit', (o) => yuan(o, 'deposit')],
                ['balance', (o) => yuan(o, 'balance')],
              ],
              'orders.csv',
            )
          }
        >
          {t('exportCsv')}
        </button>
      )}
      {orders === null ? (
        <p class="muted">{t('loading')}</p>
      ) : orders.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <div class="orders">
          {orders.map((o) => (
            <div>
              <OrderCard order={o} showBuyer />
              <OrderActions order={o} onChange={load} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function Batches() {
  const [batches, load] = useList('/api/batches');
  const [zones] = useList('/api/zones');
  useEffect(() => onLive({ batch: load, resync: load }), []);
  // Capacity calendar: trays in each house per week for the next 12 weeks, from the batches' dates.
  const weeks = Array.from({ length: 12 }, (_, i) => Date.now() + i * 7 * 86_400_000);
  const houses = (zones ?? []).filter((z) => ['greenhouse', 'germination'].includes(str(z.kind)));
  const occupancy = (zone: string, at: number) =>
    (batches ?? [])
      .filter((b) => str(pick(b, 'zone', 'zoneCode')) === zone)
      .filter((b) => {
        const from = Date.parse(str(pick(b, 'sowDate')));
        const to = Date.parse(str(pick(b, 'readyUntil', 'readyFrom')));
        return (Number.isNaN(from) || from <= at) && (Number.isNaN(to) || to >= at);
      })
      .reduce((sum, b) => sum + (num(pick(b, 'trays', 'trayCount')) ?? 0), 0);
  return (
    <div>
      <Table
        rows={batches}
        columns={[
          ['batches', (b) => str(pick(b, 'code', 'number', 'id'))],
          ['crop', (b) => `${cropName(str(b.crop))} ${str(b.cultivar)}`],
          ['zone', (b) => localName((zones ?? []).find((z) => z.code === b.zone)) || str(b.zone)],
          ['stage', (b) => stageText(str(b.stage))],
          ['count', (b) => formatCount(pick(b, 'saleable', 'forecastSaleable', 'plants'))],
          ['forecastReady', (b) => formatDate(pick(b, 'readyFrom', 'forecastReadyDate'))],
        ]}
      />
      <h3>{t('capacity')}</h3>
      <div class="scroll">
        <table class="capacity">
          <thead>
            <tr>
              <th>{t('zone')}</th>
              {weeks.map((w) => (
                <th>{formatDate(w).slice(5)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {houses.map((z) => {
              const cap = num(pick(z, 'trayCapacity', 'capacityTrays', 'trays')) ?? 0;
              return (
                <tr>
                  <td>{localName(z)}</td>
                  {weeks.map((w) => {
                    const used = occupancy(str(z.code), w);
                    const ratio = cap > 0 ? used / cap : 0;
                    return (
                      <td
                        style={{ background: `rgba(46,125,50,${Math.min(1, ratio).toFixed(2)})` }}
                        title={`${used}/${cap} ${t('trays')}`}
                      >
                        {cap > 0 ? `${Math.round(ratio * 100)}%` : used ? formatCount(used, 'trays') : ''}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Bars({ title, rows }: { title: string; rows: [string, number][] }) {
  const max = Math.max(1, ...rows.map(([, v]) => v));
  return (
    <section class="panel">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        rows.map(([label, value]) => (
          <div class="bar">
            <span>{label}</span>
            <i style={{ width: `${(value / max) * 100}%` }} />
            <b>{formatMoney(value)}</b>
          </div>
        ))
      )}
    </section>
  );
}

function Report() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [report, setReport] = useState<Row | null>(null);
  useEffect(() => {
    setReport(null);
    void api<Row>(`/api/reports/annual?year=${year}`)
      .then(setReport)
      .catch(() => setReport({}));
  }, [year]);
  // Buckets are { key, seedlings, fen } (docs/orders.md); crops by their catalogue name.
  const buckets = (list: unknown, label: (key: string) => string = (key) => key): [string, number][] =>
    asList(list ?? []).map((bucket) => [label(str(bucket.key)), (num(bucket.fen) ?? 0) / 100]);
  const byCrop = (report?.byCrop ?? {}) as Row;
  const byMonth = (report?.byMonth ?? {}) as Row;
  const figures: [MessageKey, string][] = [
    ['outputValue', 'outputValue'],
    ['received', 'received'],
    ['outstanding', 'outstanding'],
    ['costs', 'costs'],
    ['income', 'income'],
  ];
  return (
    <div data-testid="report">
      <label>
        {t('year')}{' '}
        <input type="number" value={year} onInput={(e) => setYear(Number(e.currentTarget.value))} />
      </label>
      <CsvLink path={`/api/reports/annual?year=${year}&format=csv`} name={`yumiao-${year}.csv`} />
      {report === null ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <>
          <dl class="money">
            {figures.map(([label, field]) => (
              <div>
                <dt>{t(label)}</dt>
                <dd>{formatMoney(yuan(report, field))}</dd>
              </div>
            ))}
          </dl>
          <Bars title={t('byVillage')} rows={buckets(report.byVillage)} />
          <Bars title={t('byCrop')} rows={buckets(byCrop.sold, cropName)} />
          <Bars title={t('byMonth')} rows={buckets(byMonth.sold)} />
        </>
      )}
    </div>
  );
}

function Devices() {
  const [devices] = useList('/api/devices');
  const [pending] = useList('/api/devices/pending');
  const cols: [MessageKey, (r: Row) => unknown][] = [
    ['name', (d) => str(pick(d, 'device', 'code', 'clientId', 'id'))],
    ['zone', (d) => str(pick(d, 'zone', 'zoneCode'))],
    ['kind', (d) => str(d.kind)],
    ['status', (d) => str(pick(d, 'presence', 'status'))],
    ['time', (d) => formatDateTime(pick(d, 'lastSeenAt', 'seenAt', 'firstSeenAt', 'createdAt'))],
  ];
  return (
    <div>
      <h3>{t('devices')}</h3>
      <Table rows={devices} columns={cols} csv="devices.csv" />
      <h3>{t('pending')}</h3>
      <Table rows={pending} columns={cols} />
    </div>
  );
}

function Users() {
  const [users] = useList('/api/users');
  return (
    <Table
      rows={users}
      csv="users.csv"
      columns={[
        ['name', (u) => str(u.name)],
        ['phone', (u) => str(u.phone)],
        [
          'role',
          (u) =>
            ['manager', 'technician', 'buyer'].includes(str(u.role))
              ? t(str(u.role) as MessageKey)
              : str(u.role),
        ],
        ['village', (u) => str(u.village)],
      ]}
    />
  );
}

function AlarmHistory() {
  const [alarms] = useList('/api/alarms/history');
  return (
    <Table
      rows={alarms}
      csv="alarms.csv"
      columns={[
        ['time', (a) => formatDateTime(pick(a, 'raisedAt', 'since', 'createdAt'))],
        ['zone', (a) => str(a.zone)],
        ['severity', (a) => severityText(str(a.severity))],
        [
          'alarms',
          (a) => {
            const text = alarmText(a);
            return `${text.title}：${text.message}`;
          },
        ],
        ['status', (a) => str(pick(a, 'state', 'status'))],
        ['acknowledged', (a) => str(pick(a, 'acknowledgedBy', 'ackComment'))],
      ]}
    />
  );
}

function CommandHistory() {
  const [commands, load] = useList('/api/commands?limit=200');
  useEffect(() => onLive({ command: load, resync: load }), []);
  return (
    <Table
      rows={commands}
      csv="commands.csv"
      columns={[
        ['time', (c) => formatDateTime(pick(c, 'createdAt', 'issuedAt'))],
        ['zone', (c) => str(c.zone)],
        ['commands', (c) => `${str(c.name)} ${JSON.stringify(c.params ?? {})}`],
        ['status', (c) => `${str(c.status)}${c.ackMessage ? ` (${str(c.ackMessage)})` : ''}`],
        ['name', (c) => str(pick(c, 'issuedByName', 'issuedBy'))],
      ]}
    />
  );
}

export function ManagerView() {
  const [tab, setTab] = useState<Tab>('orderBook');
  useCropNames();
  return (
    <div class="manager">
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
      {tab === 'report' && <Report />}
      {tab === 'users' && <Users />}
      {tab === 'devices' && <Devices />}
      {tab === 'alarmHistory' && <AlarmHistory />}
      {tab === 'commandHistory' && <CommandHistory />}
    </div>
  );
}
