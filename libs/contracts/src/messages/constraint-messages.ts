import type { Constraint, ConstraintParams, ValidationDetail } from '../codes/constraints.js';
import type { MessageContext } from './context.js';
import { formatDate, formatList, formatNumber } from './format.js';

type Text<P> = (params: P, context: MessageContext) => string;

/** What a field must be, per constraint, in each language (the field's name comes before it). */
export const CONSTRAINT_MESSAGES: {
  readonly [C in Constraint]: { zh: Text<ConstraintParams[C]>; en: Text<ConstraintParams[C]> };
} = {
  UNKNOWN_FIELD: { zh: () => '不能填写此项', en: () => 'is not taken here' },
  isDefined: { zh: () => '必须填写', en: () => 'is required' },
  isString: { zh: () => '应为文字', en: () => 'must be text' },
  isInt: { zh: () => '应为整数', en: () => 'must be a whole number' },
  isNumber: { zh: () => '应为数字', en: () => 'must be a number' },
  isBoolean: { zh: () => '应为是或否', en: () => 'must be yes or no' },
  isObject: { zh: () => '格式不对', en: () => 'must be an object' },
  isArray: { zh: () => '应为列表', en: () => 'must be a list' },
  isUuid: { zh: () => '编号格式不对', en: () => 'must be an id' },
  isUrl: { zh: () => '应为网址（http:// 或 https://）', en: () => 'must be a web address' },
  isDate: { zh: () => '应为日期', en: () => 'must be a date' },
  nestedValidation: { zh: () => '格式不对', en: () => 'is not in the expected form' },
  min: {
    zh: (p, c) => `不能小于 ${formatNumber(c.locale, p.min, 2)}`,
    en: (p, c) => `must be at least ${formatNumber(c.locale, p.min, 2)}`,
  },
  max: {
    zh: (p, c) => `不能大于 ${formatNumber(c.locale, p.max, 2)}`,
    en: (p, c) => `must be at most ${formatNumber(c.locale, p.max, 2)}`,
  },
  isLength: {
    zh: (p, c) => `长度应为 ${formatNumber(c.locale, p.min, 0)}–${formatNumber(c.locale, p.max, 0)} 个字`,
    en: (p, c) =>
      `must be ${formatNumber(c.locale, p.min, 0)}–${formatNumber(c.locale, p.max, 0)} characters`,
  },
  arrayMinSize: {
    zh: (p, c) => `至少 ${formatNumber(c.locale, p.min, 0)} 项`,
    en: (p, c) => `needs at least ${formatNumber(c.locale, p.min, 0)} items`,
  },
  arrayMaxSize: {
    zh: (p, c) => `最多 ${formatNumber(c.locale, p.max, 0)} 项`,
    en: (p, c) => `takes at most ${formatNumber(c.locale, p.max, 0)} items`,
  },
  isIn: {
    zh: (p, c) => `应为以下之一：${formatList(c.locale, p.allowed)}`,
    en: (p, c) => `must be one of ${formatList(c.locale, p.allowed)}`,
  },
  matches: { zh: () => '格式不对', en: () => 'is not in the expected form' },
  isPhone: { zh: () => '应为 11 位手机号', en: () => 'must be an 11-digit mobile number' },
  isCode: {
    zh: () => '只能用小写字母、数字和短横线',
    en: () => 'may hold lowercase letters, digits and dashes',
  },
  isCalendarDate: {
    zh: (p, c) => `应为 ${formatDate(c.locale, p.min)} 至 ${formatDate(c.locale, p.max)} 之间的真实日期`,
    en: (p, c) => `must be a real date from ${formatDate(c.locale, p.min)} to ${formatDate(c.locale, p.max)}`,
  },
  isInstant: {
    zh: (p, c) => `应为 ${formatDate(c.locale, p.min)} 至 ${formatDate(c.locale, p.max)} 之间的时间`,
    en: (p, c) => `must be a time from ${formatDate(c.locale, p.min)} to ${formatDate(c.locale, p.max)}`,
  },
  isClockTime: { zh: () => '应为时:分（如 08:30）', en: () => 'must be HH:MM' },
  isStateList: { zh: () => '状态不对', en: () => 'is not a list of states' },
  maxDepth: { zh: () => '层级太深', en: () => 'is nested too deeply' },
  maxBytes: { zh: () => '内容太大', en: () => 'is too large' },
  singleValue: { zh: () => '只能出现一次', en: () => 'may appear only once' },
  storableText: { zh: () => '含有无法保存的字符', en: () => 'holds a character that cannot be stored' },
};

/** Field names a person sees (the last part of `lines.0.quantity`); others are shown as sent. */
const FIELD_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  quantity: { zh: '数量', en: 'Quantity' },
  wantedDate: { zh: '需要日期', en: 'Wanted date' },
  wantedUntil: { zh: '最晚日期', en: 'Latest date' },
  date: { zh: '日期', en: 'Date' },
  crop: { zh: '作物', en: 'Crop' },
  cultivar: { zh: '品种', en: 'Cultivar' },
  cells: { zh: '穴盘规格', en: 'Cells per tray' },
  trays: { zh: '盘数', en: 'Trays' },
  refillTrays: { zh: '补苗盘数', en: 'Refill trays' },
  returnedTrays: { zh: '回收穴盘', en: 'Returned trays' },
  priceFen: { zh: '单价', en: 'Price' },
  amountFen: { zh: '金额', en: 'Amount' },
  name: { zh: '名称', en: 'Name' },
  phone: { zh: '手机号', en: 'Phone' },
  password: { zh: '密码', en: 'Password' },
  newPassword: { zh: '新密码', en: 'New password' },
  village: { zh: '村', en: 'Village' },
  note: { zh: '备注', en: 'Note' },
  reason: { zh: '原因', en: 'Reason' },
  comment: { zh: '说明', en: 'Comment' },
  sowDate: { zh: '播种日期', en: 'Sowing date' },
  zone: { zh: '棚', en: 'House' },
  from: { zh: '开始', en: 'From' },
  to: { zh: '结束', en: 'To' },
  seconds: { zh: '秒数', en: 'Seconds' },
  households: { zh: '分户', en: 'Households' },
  lines: { zh: '订单行', en: 'Lines' },
};

/** `lines.0.quantity` → 第1行 数量 / Line 1 quantity. */
export function fieldLabel(field: string, context: MessageContext): string {
  const parts = field.split('.');
  const name = parts.at(-1) ?? field;
  const label = FIELD_LABELS[name]?.[context.locale === 'en' ? 'en' : 'zh'] ?? name;
  const line = parts[0] === 'lines' && /^\d+$/.test(parts[1] ?? '') ? Number(parts[1]) + 1 : undefined;
  if (line === undefined || parts.length < 3) return label;
  return context.locale === 'en' ? `Line ${line} ${label.toLowerCase()}` : `第${line}行 ${label}`;
}

/** One validation problem as a sentence: 第1行 数量不能大于 5,000,000. */
export function validationText(detail: ValidationDetail, context: MessageContext): string {
  const entry = CONSTRAINT_MESSAGES[detail.constraint] as
    { zh: Text<unknown>; en: Text<unknown> } | undefined;
  const label = fieldLabel(detail.field, context);
  if (!entry) return label;
  const text = entry[context.locale === 'en' ? 'en' : 'zh'](detail.params ?? {}, context);
  return context.locale === 'en' ? `${label} ${text}` : `${label}${text}`;
}
