import type { AnnualReportResponse, ReportSettingsResponse } from '#contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#config';
import { APP_CONFIG } from '../common/tokens.js';
import { DomainError } from '../common/domain-error.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import type { CostDto, ReportSettingsDto } from './reports.dto.js';
import { type Bucket, ReportsRepository } from './reports.repository.js';

export type AnnualReport = AnnualReportResponse;

const sum = (buckets: readonly Bucket[], field: 'seedlings' | 'fen') =>
  buckets.reduce((total, bucket) => total + bucket[field], 0);

/** The [manager] issue's default: the whole margin is the collective's. */
export const DEFAULT_REPORT_SETTINGS: ReportSettingsResponse = { collectiveShare: 1 };
const SETTINGS_KEY = 'reports';

/**
 * Output value = seedlings delivered (walk-ins included) × their price; margin = output value −
 * costs; the collective's income = margin × the collective's share (a setting, 100 % by default).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly settings: SettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getSettings(): Promise<ReportSettingsResponse> {
    const stored = await this.settings.get<Partial<ReportSettingsResponse>>(SETTINGS_KEY, {});
    return { ...DEFAULT_REPORT_SETTINGS, ...stored };
  }

  async updateSettings(changes: ReportSettingsDto): Promise<ReportSettingsResponse> {
    const next = { ...(await this.getSettings()), collectiveShare: changes.collectiveShare };
    await this.settings.set(SETTINGS_KEY, next);
    return next;
  }

  async annual(year: number): Promise<AnnualReport> {
    const from = `${year}-01-01`;
    const to = `${year + 1}-01-01`;
    const [
      soldByCrop,
      soldByVillage,
      soldByMonth,
      sownByCrop,
      sownByMonth,
      lost,
      money,
      outstanding,
      walkIn,
      costs,
      settings,
    ] = await Promise.all([
      this.reports.sold(from, to, 'crop'),
      this.reports.sold(from, to, 'village'),
      this.reports.sold(from, to, 'month'),
      this.reports.sown(from, to, 'crop'),
      this.reports.sown(from, to, 'month'),
      this.reports.lost(from, to, this.config.nurseryTimeZone),
      this.reports.money(from, to, this.config.nurseryTimeZone),
      this.reports.outstanding(from, to),
      this.reports.walkInFen(from, to),
      this.reports.costsByCategory(from, to),
      this.getSettings(),
    ]);
    const outputValueFen = sum(soldByCrop, 'fen');
    const costsFen = costs.reduce((total, cost) => total + cost.fen, 0);
    const marginFen = outputValueFen - costsFen;
    return {
      year,
      seedlings: {
        sown: sum(sownByCrop, 'seedlings'),
        sold: sum(soldByCrop, 'seedlings'),
        lost: sum(lost, 'seedlings'),
      },
      outputValueFen,
      walkInFen: walkIn,
      orderedFen: money.orderedFen,
      depositsFen: money.depositsFen,
      receivedFen: money.receivedFen,
      outstandingFen: outstanding,
      costsFen,
      incomeFen: marginFen,
      marginFen,
      collectiveShare: settings.collectiveShare,
      collectiveIncomeFen: Math.round(marginFen * settings.collectiveShare),
      costs,
      lostByReason: lost,
      byCrop: { sown: sownByCrop, sold: soldByCrop },
      byVillage: soldByVillage,
      byMonth: { sown: sownByMonth, sold: soldByMonth },
    };
  }

  /** One flat table: section,key,seedlings,fen (Excel opens it; a BOM keeps the Chinese readable). */
  toCsv(report: AnnualReport): string {
    const rows: (string | number)[][] = [['section', 'key', 'seedlings', 'fen']];
    const totals: [string, number, number][] = [
      ['sown', report.seedlings.sown, 0],
      ['sold', report.seedlings.sold, report.outputValueFen],
      ['lost', report.seedlings.lost, 0],
      ['walk_in', 0, report.walkInFen],
      ['ordered', 0, report.orderedFen],
      ['deposits', 0, report.depositsFen],
      ['received', 0, report.receivedFen],
      ['outstanding', 0, report.outstandingFen],
      ['costs', 0, report.costsFen],
      ['income', 0, report.incomeFen],
      ['margin', 0, report.marginFen],
      ['collective_income', 0, report.collectiveIncomeFen],
    ];
    for (const [key, seedlings, fen] of totals) rows.push(['total', key, seedlings, fen]);
    for (const cost of report.costs) rows.push(['cost', cost.category, 0, cost.fen]);
    for (const bucket of report.lostByReason) rows.push(['lost_by_reason', bucket.key, bucket.seedlings, 0]);
    for (const bucket of report.byCrop.sown) rows.push(['sown_by_crop', bucket.key, bucket.seedlings, 0]);
    for (const bucket of report.byCrop.sold)
      rows.push(['sold_by_crop', bucket.key, bucket.seedlings, bucket.fen]);
    for (const bucket of report.byVillage)
      rows.push(['sold_by_village', bucket.key, bucket.seedlings, bucket.fen]);
    for (const bucket of report.byMonth.sown) rows.push(['sown_by_month', bucket.key, bucket.seedlings, 0]);
    for (const bucket of report.byMonth.sold)
      rows.push(['sold_by_month', bucket.key, bucket.seedlings, bucket.fen]);
    const cell = (value: string | number) => {
      const text = String(value);
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
  }

  listCosts(year: number) {
    return this.reports.listCosts(`${year}-01-01`, `${year + 1}-01-01`);
  }

  async addCost(input: CostDto) {
    const batchId = input.batchId ?? null;
    if (batchId !== null && !(await this.reports.batchExists(batchId)))
      throw new DomainError('BATCH_NOT_FOUND', `Batch ${batchId} not found`, 404);
    return this.reports.addCost({ ...input, note: input.note ?? null, batchId });
  }

  async removeCost(id: string): Promise<void> {
    if (!(await this.reports.removeCost(id)))
      throw new DomainError('COST_NOT_FOUND', `Cost ${id} not found`, 404);
  }
}
