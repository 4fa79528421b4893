import { alarmMessage, alarmParams, type AlarmResponse } from '#contracts';
import { formatMetric, metricName } from './format.ts';
import { locale } from './i18n.ts';

/**
 * Alarm titles and messages in the page's language. The api writes its `message` in English for logs
 * and webhooks; the page rebuilds the text from the rule code (apps/api/src/alarms/alarm-rules.ts
 * RULE_CODES), the value, the threshold and the subject, and falls back to the server's message for
 * a rule it does not know.
 */
interface Facts {
  /** Formatted value and threshold, with units. */
  v: string;
  thr: string;
  raw: number | null;
  threshold: number | null;
  subject: string;
  message: string;
}

interface RuleText {
  zh: { title: string; text: (f: Facts) => string };
  en: { title: string; text: (f: Facts) => string };
}

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 10) / 10} %`);
const minutes = (value: number | null) => (value === null ? '—' : String(Math.round(value)));
const hours = minutes;

/** `device:metric` (sensor-implausible) → the metric's name. */
const subjectMetric = (subject: string) => {
  const metric = subject.includes(':') ? subject.slice(subject.indexOf(':') + 1) : '';
  return metric ? metricName(metric) : '';
};
const subjectDevice = (subject: string) => (subject.includes(':') ? subject.split(':')[0] : subject);

function implausibleWhy(message: string, en: boolean): string {
  if (/outside/.test(message)) return en ? 'outside its physical range' : '超出物理量程';
  if (/stepped/.test(message)) return en ? 'jumped implausibly fast' : '读数突变';
  if (/flat/.test(message)) return en ? 'unchanged for 2 h' : '2小时读数不变';
  return en ? 'implausible readings' : '读数不可信';
}

export const ALARM_RULES: Record<string, RuleText> = {
  frost: {
    zh: { title: '冻害危险', text: (f) => `气温 ${f.v}，已到冻害临界 ${f.thr}` },
    en: { title: 'Frost risk', text: (f) => `Air ${f.v}, at or below the frost limit ${f.thr}` },
  },
  'low-temperature': {
    zh: { title: '低温', text: (f) => `气温 ${f.v}，低于 ${f.thr}` },
    en: { title: 'Low temperature', text: (f) => `Air ${f.v}, below ${f.thr}` },
  },
  overheat: {
    zh: { title: '高温', text: (f) => `气温 ${f.v}，高于 ${f.thr}，请放风或遮阳` },
    en: { title: 'Overheating', text: (f) => `Air ${f.v}, above ${f.thr}: vent or shade` },
  },
  'overheat-critical': {
    zh: { title: '高温危险', text: (f) => `气温 ${f.v}，达到危险上限 ${f.thr}` },
    en: { title: 'Critical heat', text: (f) => `Air ${f.v}, at or above the critical limit ${f.thr}` },
  },
  'high-humidity': {
    zh: {
      title: '湿度过高',
      text: (f) =>
        /condensation/i.test(f.message)
          ? `空气湿度 ${f.v}，气温接近露点，易结露`
          : `空气湿度 ${f.v}，高于 ${f.thr}，易发病害`,
    },
    en: {
      title: 'High humidity',
      text: (f) =>
        /condensation/i.test(f.message)
          ? `RH ${f.v}, air near the dew point: condensation risk`
          : `RH ${f.v}, above ${f.thr}: disease risk`,
    },
  },
  'healing-humidity-low': {
    zh: { title: '愈合室湿度过低', text: (f) => `空气湿度 ${f.v}，低于 ${f.thr}，嫁接苗易萎蔫` },
    en: { title: 'Healing room too dry', text: (f) => `RH ${f.v}, below ${f.thr}: grafts wilt` },
  },
  'dry-substrate': {
    zh: { title: '基质过干', text: (f) => `基质含水量 ${f.v}，低于下限 ${f.thr}` },
    en: { title: 'Dry substrate', text: (f) => `Substrate moisture ${f.v}, below ${f.thr}` },
  },
  'heater-failure': {
    zh: { title: '加温故障', text: (f) => `气温 ${f.v}，低于 ${f.thr}（设定温度 −2 °C），请检查加温设备` },
    en: {
      title: 'Heater failure',
      text: (f) => `Air ${f.v}, below ${f.thr} (setpoint − 2 °C): check the heater`,
    },
  },
  'chilling-hours': {
    zh: {
      title: '低温累积（春化风险）',
      text: (f) =>
        `${f.subject === 'celery' ? '芹菜' : '大白菜'}近7天低温累计 ${hours(f.raw)} 小时，超过 ${hours(f.threshold)} 小时，有先期抽薹风险`,
    },
    en: {
      title: 'Chilling hours (bolting risk)',
      text: (f) =>
        `${f.subject === 'celery' ? 'Celery' : 'Chinese cabbage'}: ${hours(f.raw)} chilling hours in 7 days, over ${hours(f.threshold)}`,
    },
  },
  'irrigation-runaway': {
    zh: {
      title: '灌溉未停止',
      text: (f) => `灌溉已开 ${minutes(f.raw)} 分钟，超过 ${minutes(f.threshold)} 分钟`,
    },
    en: {
      title: 'Irrigation not stopping',
      text: (f) => `Irrigation on for ${minutes(f.raw)} min, longer than ${minutes(f.threshold)} min`,
    },
  },
  'irrigation-ineffective': {
    zh: {
      title: '灌溉无效',
      text: (f) => `灌溉后15分钟基质含水量只上升 ${pct(f.raw)}（应至少 ${pct(f.threshold)}）`,
    },
    en: {
      title: 'Irrigation ineffective',
      text: (f) => `Moisture rose ${pct(f.raw)} within 15 min of irrigation (expected ≥ ${pct(f.threshold)})`,
    },
  },
  'sensor-offline': {
    zh: { title: '传感器离线', text: (f) => `设备 ${subjectDevice(f.subject)} 无数据` },
    en: { title: 'Sensor offline', text: (f) => `Device ${subjectDevice(f.subject)} is silent` },
  },
  'sensor-implausible': {
    zh: {
      title: '传感器数据异常',
      text: (f) =>
        `${subjectDevice(f.subject)} ${subjectMetric(f.subject)}：${implausibleWhy(f.message, false)}`,
    },
    en: {
      title: 'Implausible sensor',
      text: (f) =>
        `${subjectDevice(f.subject)} ${subjectMetric(f.subject)}: ${implausibleWhy(f.message, true)}`,
    },
  },
  'power-failure': {
    zh: {
      title: '停电',
      text: (f) => (/mains/i.test(f.message) ? '网关报告市电断电' : '全场设备同时离线，可能停电'),
    },
    en: {
      title: 'Power failure',
      text: (f) =>
        /mains/i.test(f.message) ? 'Gateway reports mains power lost' : 'All devices offline together',
    },
  },
  'seedling-over-age': {
    zh: {
      title: '秧苗将老化',
      text: (f) =>
        `批次已可出圃 ${minutes(f.raw === null ? null : Math.floor(f.raw))} 天仍无订单（保留 ${minutes(f.threshold)} 天）`,
    },
    en: {
      title: 'Seedlings ageing',
      text: (f) =>
        `Ready for ${minutes(f.raw === null ? null : Math.floor(f.raw))} days without an order (hold ${minutes(f.threshold)} days)`,
    },
  },
  'bench-heat-fault': {
    zh: {
      title: '苗床加温故障',
      text: (f) =>
        f.threshold === 32
          ? `苗床温度 ${f.v}，达到 32 °C，有烧根危险`
          : `苗床加温已开，苗床温度 ${f.v} 升不到设定 ${f.thr}`,
    },
    en: {
      title: 'Bench heat fault',
      text: (f) =>
        f.threshold === 32
          ? `Bench at ${f.v} (≥ 32 °C): roots may scorch`
          : `Bench heat on but the bench stays at ${f.v}, under ${f.thr}`,
    },
  },
  'cold-wet-root-zone': {
    zh: { title: '根区冷湿', text: (f) => `根区温度 ${f.v}（低于 ${f.thr}）且基质过湿，有沤根危险` },
    en: {
      title: 'Cold, wet root zone',
      text: (f) => `Root zone ${f.v} (under ${f.thr}) and wet: root rot risk`,
    },
  },
  'co2-high-heater': {
    zh: {
      title: '二氧化碳过高',
      text: (f) => `加温时二氧化碳 ${f.v}，高于 ${f.thr}，请检查烟道，防一氧化碳`,
    },
    en: {
      title: 'CO₂ high while heating',
      text: (f) => `CO₂ ${f.v} above ${f.thr} with the heater on: check the flue`,
    },
  },
};

/** The metric whose unit the value and threshold carry, per rule. */
const RULE_METRIC: Record<string, string> = {
  frost: 'air_temp_c',
  'low-temperature': 'air_temp_c',
  overheat: 'air_temp_c',
  'overheat-critical': 'air_temp_c',
  'high-humidity': 'air_rh_pct',
  'healing-humidity-low': 'air_rh_pct',
  'dry-substrate': 'substrate_vwc_pct',
  'heater-failure': 'air_temp_c',
  'bench-heat-fault': 'bench_temp_c',
  'cold-wet-root-zone': 'substrate_temp_c',
  'co2-high-heater': 'co2_ppm',
};

const SEVERITY: Record<string, [string, string]> = {
  critical: ['严重', 'critical'],
  warning: ['警告', 'warning'],
  advisory: ['提示', 'advisory'],
};

export function severityText(severity: string): string {
  const words = SEVERITY[severity];
  return words ? words[locale.get() === 'en' ? 1 : 0] : severity;
}

/** Title and message of an alarm in the page's language (server message when the rule is unknown). */
export function alarmText(
  alarm: Pick<AlarmResponse, 'rule' | 'message' | 'value' | 'threshold' | 'subject' | 'since'> & {
    readonly params?: AlarmResponse['params'];
    readonly clearedAt?: string | null;
  },
): { title: string; message: string } {
  const { rule, message } = alarm;
  const texts = ALARM_RULES[rule];
  if (!texts) {
    // The system's own faults (unclean-restart, database-down …): the catalogue's text, with the
    // alarm's own times standing in for the outage's start and end.
    const catalogued = alarmMessage(
      rule,
      { ...alarmParams(alarm), from: alarm.since, to: alarm.clearedAt ?? alarm.since },
      { locale: locale.get(), metricName },
    );
    if (catalogued) return { title: catalogued.title, message: catalogued.text };
    return { title: rule || message, message: rule ? message : '' };
  }
  const raw = alarm.value;
  const threshold = alarm.threshold;
  const metric = RULE_METRIC[rule];
  const format = (value: number | null) =>
    metric ? formatMetric(metric, value) : value === null ? '—' : String(value);
  const facts: Facts = {
    v: format(raw),
    thr: format(threshold),
    raw,
    threshold,
    subject: alarm.subject,
    message,
  };
  const text = texts[locale.get() === 'en' ? 'en' : 'zh'];
  // A rule that reads its value from the alarm needs one; without it the server's words are better.
  const needsValue =
    metric !== undefined || rule === 'irrigation-runaway' || rule === 'irrigation-ineffective';
  return { title: text.title, message: needsValue && raw === null ? message : text.text(facts) };
}
