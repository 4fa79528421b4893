import { useEffect, useState } from 'preact/hooks';
import {
  COST_CATEGORIES,
  CULL_CAUSE_MESSAGES,
  type AnnualReportResponse,
  type BatchResponse,
  type CostCategory,
  type CostResponse,
  type CullCause,
} from '#contracts';
import { request } from '../../api.ts';
import { formatCount, formatMoney, todayInNursery } from '../../format.ts';
import { locale, t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { cropName } from '../orders.tsx';
import './manager-ops.css';

const CATEGORY: Record<CostCategory, MessageKey> = {
  seed: 'costSeed',
  substrate: 'costSubstrate',
  trays: 'costTrays',
  energy: 'costEnergy',
  water: 'costWater',
  labour: 'costLabour',
  other: 'costOther',
};
const categoryName = (key: string) => (key in CATEGORY ? t(CATEGORY[key as CostCategory]) : key);

/** A loss's cause in the page's language: the cull causes, plus the report's own kinds. */
function lossName(key: string): string {
  if (key in CULL_CAUSE_MESSAGES)
    return CULL_CAUSE_MESSAGES[key as CullCause][locale.get() === 'en' ? 'en' : 'zh'];
  if (key === 'over_aged') return t('lossOverAged');
  return t('lossUnknown');
}

/** Yuan with two decimals, no symbol or grouping: what a spreadsheet reads as a number. */
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** "1,234.5" / "1234.50" → fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const clean = text.replace(/[,，\s¥]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  return Math.round(Number(clean) * 100);
}

function download(name: string, rows: (string | number)[][]): void {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const body = rows.map((row) => row.map(cell).join(',')).join('\r\n');
  const url = URL.createObjectURL(new Blob([`\ufeff${body}\r\n`], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The year's report and costs in one CSV: yuan with two decimals, headers in the page's language. */
export function reportCsv(
  report: AnnualReportResponse,
  costs: CostResponse[],
  batchCode: (id: string) => string,
) {
  const rows: (string | number)[][] = [[t('csvSection'), t('csvItem'), t('count'), t('amountYuan')]];
  const totals: [MessageKey, number][] = [
    ['bookedOrders', report.orderedFen],
    ['outputValue', report.outputValueFen],
    ['received', report.receivedFen],
    ['outstanding', report.outstandingFen],
    ['costs', report.costsFen],
    ['margin', report.marginFen],
    ['collectiveIncome', report.collectiveIncomeFen],
  ];
  for (const [label, fen] of totals) rows.push([t('csvTotals'), t(label), '', yuan(fen)]);
  rows.push([
    t('csvTotals'),
    t('collectiveShare'),
    '',
    `${Math.round(report.collectiveShare * 10000) / 100}%`,
  ]);
  for (const cost of report.costs) rows.push([t('costs'), categoryName(cost.category), '', yuan(cost.fen)]);
  for (const loss of report.lostByReason) rows.push([t('losses'), lossName(loss.key), loss.seedlings, '']);
  for (const cost of costs)
    rows.push([
      `${t('costEntry')} ${cost.date.slice(0, 7)}`,
      [categoryName(cost.category), cost.batchId ? batchCode(cost.batchId) : '', cost.note ?? '']
        .filter(Boolean)
        .join(' · '),
      '',
      yuan(cost.amountFen),
    ]);
  download(`yumiao-${report.year}.csv`, rows);
}

function CostForm({
  year,
  batches,
  onAdded,
}: {
  year: number;
  batches: BatchResponse[];
  onAdded: () => void;
}) {
  const thisMonth = todayInNursery().slice(0, 7);
  const [month, setMonth] = useState(thisMonth.startsWith(String(year)) ? thisMonth : `${year}-01`);
  const [category, setCategory] = useState<CostCategory>('seed');
  const [amount, setAmount] = useState('');
  const [batchId, setBatchId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!month.startsWith(String(year))) setMonth(`${year}-${month.slice(5) || '01'}`);
  }, [year]);
  const submit = (event: Event) => {
    event.preventDefault();
    const amountFen = parseYuan(amount);
    if (amountFen === null || amountFen <= 0) {
      setError(t('amountRule'));
      return;
    }
    if (!/^\d{4}-\d{2}$/.test(month)) {
      setError(t('monthRule'));
      return;
    }
    setBusy(true);
    setError('');
    request('POST /api/costs', {
      body: {
        date: `${month}-01`,
        category,
        amountFen,
        ...(batchId ? { batchId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    })
      .then(() => {
        setAmount('');
        setNote('');
        onAdded();
      })
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="panel op-form" onSubmit={submit} data-testid="cost-form">
      <h3>{t('addCost')}</h3>
      <label>
        {t('month')}
        <select name="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)}>
          {Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`).map(
            (m) => (
              <option value={m}>{m}</option>
            ),
          )}
        </select>
      </label>
      <label>
        {t('category')}
        <select
          name="category"
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value as CostCategory)}
        >
          {COST_CATEGORIES.map((c) => (
            <option value={c}>{categoryName(c)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('amountYuan')}
        <input
          name="amount"
          inputMode="decimal"
          value={amount}
          placeholder="1200.00"
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('costBatch')}
        <select name="batch" value={batchId} onChange={(e) => setBatchId(e.currentTarget.value)}>
          <option value="">{t('noBatch')}</option>
          {batches.map((b) => (
            <option value={b.id}>
              {b.code} · {cropName(b.crop)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('comment')}
        <input name="note" value={note} maxLength={200} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="primary" type="submit" disabled={busy}>
        {t('addCost')}
      </button>
    </form>
  );
}

/** The year's costs, month by month, each with its category, batch and a delete button. */
function CostList({
  costs,
  batchCode,
  onChanged,
}: {
  costs: CostResponse[];
  batchCode: (id: string) => string;
  onChanged: () => void;
}) {
  const [error, setError] = useState('');
  const months = [...new Set(costs.map((c) => c.date.slice(0, 7)))].sort();
  const remove = (id: string) => {
    setError('');
    request('DELETE /api/costs/:id', { params: { id } })
      .then(onChanged)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  if (costs.length === 0) return <p class="muted">{t('noCosts')}</p>;
  return (
    <div data-testid="cost-list">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {months.map((month) => {
        const rows = costs.filter((c) => c.date.startsWith(month));
        const total = rows.reduce((sum, c) => sum + c.amountFen, 0);
        return (
          <section class="panel op-month" data-testid={`costs-${month}`}>
            <header>
              <strong>{month}</strong>
              <b>{formatMoney(total / 100)}</b>
            </header>
            {rows.map((c) => (
              <div class="op-row">
                <span>
                  {categoryName(c.category)}
                  {c.batchId && <span class="muted"> · {batchCode(c.batchId)}</span>}
                  {c.note && <span class="muted data"> · {c.note}</span>}
                </span>
                <b>{formatMoney(c.amountFen / 100)}</b>
                <button class="op-delete" aria-label={t('delete')} onClick={() => remove(c.id)}>
                  {t('delete')}
                </button>
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}

function ShareSetting({ share, onSaved }: { share: number; onSaved: () => void }) {
  const [percent, setPercent] = useState(String(Math.round(share * 10000) / 100));
  const [error, setError] = useState('');
  useEffect(() => setPercent(String(Math.round(share * 10000) / 100)), [share]);
  const save = (event: Event) => {
    event.preventDefault();
    const value = Number(percent);
    if (!Number.isFinite(value) || value < 0 || value > 100 || percent.trim() === '') {
      setError(t('shareRule'));
      return;
    }
    setError('');
    request('PATCH /api/reports/settings', { body: { collectiveShare: Math.round(value * 100) / 10000 } })
      .then(onSaved)
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  return (
    <form class="op-inline" onSubmit={save} data-testid="share-form">
      <label>
        {t('collectiveShare')} (%)
        <input
          name="share"
          inputMode="decimal"
          value={percent}
          onInput={(e) => setPercent(e.currentTarget.value)}
        />
      </label>
      <button type="submit">{t('save')}</button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** 成本与年报: costs by month and category (optionally by batch) beside the annual report. */
export function MoneyView() {
  const [year, setYear] = useState(Number(todayInNursery().slice(0, 4)));
  // undefined while loading, null when the api could not answer.
  const [report, setReport] = useState<AnnualReportResponse | null | undefined>(undefined);
  const [costs, setCosts] = useState<CostResponse[]>([]);
  const [batches, setBatches] = useState<BatchResponse[]>([]);
  const [error, setError] = useState('');
  const load = () => {
    request('GET /api/reports/annual', { query: { year } })
      .then((answer) => {
        setReport(answer);
        setError('');
      })
      .catch((e: unknown) => {
        setReport(null);
        setError(errorMessage(e));
      });
    request('GET /api/costs', { query: { year } })
      .then(setCosts)
      .catch(() => setCosts([]));
  };
  useEffect(load, [year]);
  useEffect(() => {
    request('GET /api/batches')
      .then(setBatches)
      .catch(() => setBatches([]));
  }, []);
  const batchCode = (id: string) => batches.find((b) => b.id === id)?.code ?? id.slice(0, 8);
  const figures: [MessageKey, (r: AnnualReportResponse) => number, string][] = [
    ['bookedOrders', (r) => r.orderedFen, 'booked'],
    ['outputValue', (r) => r.outputValueFen, 'output'],
    ['received', (r) => r.receivedFen, 'received'],
    ['outstanding', (r) => r.outstandingFen, 'outstanding'],
    ['costs', (r) => r.costsFen, 'costs'],
    ['margin', (r) => r.marginFen, 'margin'],
    ['collectiveIncome', (r) => r.collectiveIncomeFen, 'collective-income'],
  ];
  return (
    <div class="manager-ops money-view" data-testid="money">
      <div class="op-inline">
        <label>
          {t('year')}
          <input
            name="year"
            type="number"
            value={year}
            onInput={(e) => {
              const next = Number(e.currentTarget.value);
              if (next >= 2000 && next <= 2100) setYear(next);
            }}
          />
        </label>
        {report && (
          <button onClick={() => reportCsv(report, costs, batchCode)} data-testid="report-csv">
            {t('exportCsv')}
          </button>
        )}
      </div>
      {error && <p class="error">{error}</p>}
      <div class="money-columns">
        <div>
          <CostForm year={year} batches={batches} onAdded={load} />
          <CostList costs={costs} batchCode={batchCode} onChanged={load} />
        </div>
        <div>
          <section class="panel" data-testid="report">
            <h3>
              {t('report')} {year}
            </h3>
            {report === undefined ? (
              <p class="muted">{t('loading')}</p>
            ) : report === null ? (
              <p class="muted">{t('noData')}</p>
            ) : (
              <>
                <dl class="op-figures">
                  {figures.map(([label, fen, id]) => (
                    <div data-testid={`figure-${id}`}>
                      <dt>{t(label)}</dt>
                      <dd>{formatMoney(fen(report) / 100)}</dd>
                    </div>
                  ))}
                </dl>
                <p class="muted">{t('marginRule')}</p>
                <ShareSetting share={report.collectiveShare} onSaved={load} />
                <h4>{t('costsByCategory')}</h4>
                {report.costs.length === 0 ? (
                  <p class="muted">{t('noCosts')}</p>
                ) : (
                  [...report.costs]
                    .sort(
                      (a, b) =>
                        COST_CATEGORIES.indexOf(a.category as CostCategory) -
                        COST_CATEGORIES.indexOf(b.category as CostCategory),
                    )
                    .map((c) => (
                      <div class="op-row">
                        <span>{categoryName(c.category)}</span>
                        <b>{formatMoney(c.fen / 100)}</b>
                      </div>
                    ))
                )}
                <h4>{t('losses')}</h4>
                {report.lostByReason.length === 0 ? (
                  <p class="muted">{t('noData')}</p>
                ) : (
                  <div data-testid="losses">
                    {report.lostByReason.map((loss) => (
                      <div class="op-row">
                        <span>{lossName(loss.key)}</span>
                        <b>{formatCount(loss.seedlings)}</b>
                      </div>
                    ))}
                  </div>
                )}
              </>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
