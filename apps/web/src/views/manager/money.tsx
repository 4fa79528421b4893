import { useEffect, useState } from 'preact/hooks';
import {
  COST_CATEGORIES,
  type AnnualReportResponse,
  type BatchResponse,
  type CostCategory,
  type CostResponse,
} from '#contracts';
import { request } from '../../api.ts';
import { formatCount, formatMoney, todayInNursery } from '../../format.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { errorMessage } from '../../messages.ts';
import { CostForm, CostList } from './money/costs.tsx';
import { categoryName, lossName } from './money/labels.ts';
import { LossLedger } from './money/loss-ledger.tsx';
import { reportCsv } from './money/report-csv.ts';
import './manager-ops.css';

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
          <LossLedger year={year} />
        </div>
      </div>
    </div>
  );
}
