// The year's report and costs as a CSV file the browser downloads.
import type { AnnualReportResponse, CostResponse } from '#contracts';
import { t, type MessageKey } from '../../../i18n.ts';
import { categoryName, lossName } from './labels.ts';

/** Yuan with two decimals, no symbol or grouping: what a spreadsheet reads as a number. */
const yuan = (fen: number) => (fen / 100).toFixed(2);

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
