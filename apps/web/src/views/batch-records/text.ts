import { CULL_CAUSE_MESSAGES, type CullCause, type EntryImpact } from '#contracts';
import { locale, t, type MessageKey } from '../../i18n.ts';
import { cropName } from '../orders.tsx';
import type { WorkItem, WorkKind } from './today-work.ts';

/** A message with `{name}` parameters filled in. */
export function tf(key: MessageKey, params: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A plain number in the page's language (1,200). */
export const num = (n: number) => n.toLocaleString(locale.get() === 'en' ? 'en' : 'zh-CN');

/** Seedlings with their unit: "1,200 株" / "1,200 plants". */
export const plants = (n: number) => `${num(n)} ${t('plants')}`;

export const cullCauseText = (cause: CullCause) =>
  CULL_CAUSE_MESSAGES[cause][locale.get() === 'en' ? 'en' : 'zh'];

/** What an entry did to the orders: "3 个订单缺苗：1,200 株" / "3 orders now short: 1,200 seedlings". */
export function impactLines(impact: EntryImpact): string[] {
  const lines: string[] = [];
  const short = impact.ordersNowShort.length;
  if (short > 0)
    lines.push(
      tf(short === 1 ? 'impactShortOne' : 'impactShort', {
        n: short,
        seedlings: num(impact.seedlingsNowShort),
      }),
    );
  const whole = impact.ordersRecovered.length;
  if (whole > 0) lines.push(tf(whole === 1 ? 'impactRecoveredOne' : 'impactRecovered', { n: whole }));
  if (lines.length === 0) lines.push(t('impactNone'));
  return lines;
}

const WORK_KEY: Record<WorkKind, MessageKey> = {
  sow: 'workSow',
  leaveGermination: 'workLeaveGermination',
  countEmergence: 'workCountEmergence',
  graft: 'workGraft',
  healing: 'workHealing',
  survival: 'workSurvival',
  hardening: 'workHardening',
  ready: 'workReady',
  overAging: 'workOverAging',
  deliver: 'workDeliver',
};

/** The line of a work item: "播种 345 盘 72 孔 番茄" / "Sow Tomato: 345 trays of 72 cells". */
export function workText(item: WorkItem): string {
  const { batch } = item;
  return tf(WORK_KEY[item.kind], {
    code: batch.code,
    crop: cropName(batch.crop),
    trays: num(batch.trays),
    cells: batch.cells,
    free: plants(batch.free),
    number: item.order?.number ?? '',
    quantity: plants(item.order?.quantity ?? 0),
  });
}

/** "今天", "逾期 2 天" / "today", "2 d overdue"; a coming date as "1 天后" / "in 1 d". */
export function dueText(overdueDays: number): string {
  if (overdueDays === 0) return t('dueToday');
  return overdueDays > 0 ? tf('overdueDays', { n: overdueDays }) : tf('dueInDays', { n: -overdueDays });
}

export const HISTORY_KEY: Record<string, MessageKey> = {
  created: 'historyCreated',
  sow: 'historySow',
  stage: 'historyStage',
  count: 'historyCount',
  move: 'historyMove',
  graft: 'historyGraft',
  correction: 'historyCorrection',
  walk_in: 'historyWalkIn',
};
