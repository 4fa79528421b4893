import type { AlarmRuleCode, AlarmRuleParams } from '../codes/alarm-codes.js';
import type { CullCause } from '../codes/cull-causes.js';
import { cropOf, metricOf, type MessageContext } from './context.js';
import { formatDateTime, formatNumber, withUnit, type MessageLocale } from './format.js';

type Text<P> = (params: P, context: MessageContext) => string;
interface RuleTexts<P> {
  readonly zh: { readonly title: string; readonly text: Text<P> };
  readonly en: { readonly title: string; readonly text: Text<P> };
}

const c = (context: MessageContext, value: unknown) => withUnit(context.locale, value, '°C');
const pct = (context: MessageContext, value: unknown) => withUnit(context.locale, value, '%');
/** A count from an alarm's parameters; 0 when an older row has none. */
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const whole = (context: MessageContext, value: unknown) =>
  formatNumber(context.locale, typeof value === 'number' ? Math.floor(value) : value, 0);

/** Title and text of every alarm rule, built from its parameters (codes/alarm-codes.ts). */
export const ALARM_MESSAGES: { readonly [R in AlarmRuleCode]: RuleTexts<AlarmRuleParams[R]> } = {
  frost: {
    zh: { title: '冻害危险', text: (p, x) => `气温 ${c(x, p.value)}，已到冻害临界 ${c(x, p.threshold)}` },
    en: {
      title: 'Frost risk',
      text: (p, x) => `Air ${c(x, p.value)}, at or below the frost limit ${c(x, p.threshold)}`,
    },
  },
  'low-temperature': {
    zh: { title: '低温', text: (p, x) => `气温 ${c(x, p.value)}，低于 ${c(x, p.threshold)}` },
    en: { title: 'Low temperature', text: (p, x) => `Air ${c(x, p.value)}, below ${c(x, p.threshold)}` },
  },
  overheat: {
    zh: { title: '高温', text: (p, x) => `气温 ${c(x, p.value)}，高于 ${c(x, p.threshold)}，请放风或遮阳` },
    en: {
      title: 'Overheating',
      text: (p, x) => `Air ${c(x, p.value)}, above ${c(x, p.threshold)}: vent or shade`,
    },
  },
  'overheat-critical': {
    zh: { title: '高温危险', text: (p, x) => `气温 ${c(x, p.value)}，达到危险上限 ${c(x, p.threshold)}` },
    en: {
      title: 'Critical heat',
      text: (p, x) => `Air ${c(x, p.value)}, at or above the critical limit ${c(x, p.threshold)}`,
    },
  },
  'high-humidity': {
    zh: {
      title: '湿度过高',
      text: (p, x) =>
        p.cause === 'condensation'
          ? `空气湿度 ${pct(x, p.value)}，气温接近露点，易结露`
          : `空气湿度 ${pct(x, p.value)}，高于 ${pct(x, p.threshold)}，易发病害`,
    },
    en: {
      title: 'High humidity',
      text: (p, x) =>
        p.cause === 'condensation'
          ? `RH ${pct(x, p.value)}, air near the dew point: condensation risk`
          : `RH ${pct(x, p.value)}, above ${pct(x, p.threshold)}: disease risk`,
    },
  },
  'healing-humidity-low': {
    zh: {
      title: '愈合室湿度过低',
      text: (p, x) => `空气湿度 ${pct(x, p.value)}，低于 ${pct(x, p.threshold)}，嫁接苗易萎蔫`,
    },
    en: {
      title: 'Healing room too dry',
      text: (p, x) => `RH ${pct(x, p.value)}, below ${pct(x, p.threshold)}: grafts wilt`,
    },
  },
  'dry-substrate': {
    zh: {
      title: '基质过干',
      text: (p, x) => `基质含水量 ${pct(x, p.value)}，低于下限 ${pct(x, p.threshold)}`,
    },
    en: {
      title: 'Dry substrate',
      text: (p, x) => `Substrate moisture ${pct(x, p.value)}, below ${pct(x, p.threshold)}`,
    },
  },
  'heater-failure': {
    zh: {
      title: '加温故障',
      text: (p, x) =>
        p.cause === 'state-unknown'
          ? `加温设备超过5分钟无状态，气温 ${c(x, p.value)}，低于 ${c(x, p.threshold)}`
          : p.cause === 'reported-off'
            ? `加温设备报告关闭，气温 ${c(x, p.value)}，低于 ${c(x, p.threshold)}`
            : `气温 ${c(x, p.value)}，低于 ${c(x, p.threshold)}（设定温度 −2 °C），请检查加温设备`,
    },
    en: {
      title: 'Heater failure',
      text: (p, x) =>
        p.cause === 'state-unknown'
          ? `Heater silent for over 5 min, air ${c(x, p.value)} below ${c(x, p.threshold)}`
          : p.cause === 'reported-off'
            ? `Heater reported off, air ${c(x, p.value)} below ${c(x, p.threshold)}`
            : `Air ${c(x, p.value)}, below ${c(x, p.threshold)} (setpoint − 2 °C): check the heater`,
    },
  },
  'irrigation-runaway': {
    zh: {
      title: '灌溉未停止',
      text: (p, x) => `灌溉已开 ${whole(x, p.value)} 分钟，超过 ${whole(x, p.threshold)} 分钟`,
    },
    en: {
      title: 'Irrigation not stopping',
      text: (p, x) => `Irrigation on for ${whole(x, p.value)} min, longer than ${whole(x, p.threshold)} min`,
    },
  },
  'irrigation-ineffective': {
    zh: {
      title: '灌溉无效',
      text: (p, x) => `灌溉后15分钟基质含水量只上升 ${pct(x, p.value)}（应至少 ${pct(x, p.threshold)}）`,
    },
    en: {
      title: 'Irrigation ineffective',
      text: (p, x) =>
        `Moisture rose ${pct(x, p.value)} within 15 min of irrigation (expected ≥ ${pct(x, p.threshold)})`,
    },
  },
  'sensor-offline': {
    zh: { title: '传感器离线', text: (p) => `设备 ${p.device} 无数据` },
    en: { title: 'Sensor offline', text: (p) => `Device ${p.device} is silent` },
  },
  'sensor-implausible': {
    zh: {
      title: '传感器数据异常',
      text: (p, x) =>
        `${p.device} ${metricOf(x, p.metric)}：${p.cause === 'outside' ? '超出物理量程' : p.cause === 'stepped' ? '读数突变' : p.cause === 'flat' ? '2小时读数不变' : '读数不可信'}`,
    },
    en: {
      title: 'Implausible sensor',
      text: (p, x) =>
        `${p.device} ${metricOf(x, p.metric)}: ${p.cause === 'outside' ? 'outside its physical range' : p.cause === 'stepped' ? 'jumped implausibly fast' : p.cause === 'flat' ? 'unchanged for 2 h' : 'implausible readings'}`,
    },
  },
  'power-failure': {
    zh: {
      title: '停电',
      text: (p) => (p.cause === 'mains' ? '网关报告市电断电' : '全场设备同时离线，可能停电'),
    },
    en: {
      title: 'Power failure',
      text: (p) =>
        p.cause === 'mains' ? 'Gateway reports mains power lost' : 'All devices offline together',
    },
  },
  'seedling-over-age': {
    zh: {
      title: '秧苗将老化',
      text: (p, x) => `批次已可出圃 ${whole(x, p.value)} 天仍无订单（保留 ${whole(x, p.threshold)} 天）`,
    },
    en: {
      title: 'Seedlings ageing',
      text: (p, x) =>
        `Ready for ${whole(x, p.value)} days without an order (hold ${whole(x, p.threshold)} days)`,
    },
  },
  'bench-heat-fault': {
    zh: {
      title: '苗床加温故障',
      text: (p, x) =>
        p.cause === 'scorch'
          ? `苗床温度 ${c(x, p.value)}，达到 ${c(x, p.threshold)}，有烧根危险`
          : `苗床加温已开，苗床温度 ${c(x, p.value)} 升不到设定 ${c(x, p.threshold)}`,
    },
    en: {
      title: 'Bench heat fault',
      text: (p, x) =>
        p.cause === 'scorch'
          ? `Bench at ${c(x, p.value)} (≥ ${c(x, p.threshold)}): roots may scorch`
          : `Bench heat on but the bench stays at ${c(x, p.value)}, under ${c(x, p.threshold)}`,
    },
  },
  'cold-wet-root-zone': {
    zh: {
      title: '根区冷湿',
      text: (p, x) => `根区温度 ${c(x, p.value)}（低于 ${c(x, p.threshold)}）且基质过湿，有沤根危险`,
    },
    en: {
      title: 'Cold, wet root zone',
      text: (p, x) => `Root zone ${c(x, p.value)} (under ${c(x, p.threshold)}) and wet: root rot risk`,
    },
  },
  'co2-high-heater': {
    zh: {
      title: '二氧化碳过高',
      text: (p, x) =>
        `加温时二氧化碳 ${withUnit(x.locale, p.value, 'ppm', 0)}，高于 ${withUnit(x.locale, p.threshold, 'ppm', 0)}，请检查烟道，防一氧化碳`,
    },
    en: {
      title: 'CO₂ high while heating',
      text: (p, x) =>
        `CO₂ ${withUnit(x.locale, p.value, 'ppm', 0)} above ${withUnit(x.locale, p.threshold, 'ppm', 0)} with the heater on: check the flue`,
    },
  },
  'chilling-hours': {
    zh: {
      title: '低温累积（春化风险）',
      text: (p, x) =>
        `${cropOf(x, p.crop)}近7天低温累计 ${whole(x, p.value)} 小时，超过 ${whole(x, p.threshold)} 小时，有先期抽薹风险`,
    },
    en: {
      title: 'Chilling hours (bolting risk)',
      text: (p, x) =>
        `${cropOf(x, p.crop)}: ${whole(x, p.value)} chilling hours in 7 days, over ${whole(x, p.threshold)}`,
    },
  },
  'database-down': {
    zh: { title: '数据库停止', text: () => '数据库停止运行，系统正在自动恢复' },
    en: { title: 'Database down', text: () => 'The database stopped; the system is restarting it' },
  },
  'database-unrecoverable': {
    zh: {
      title: '数据库无法恢复',
      text: (p, x) => `数据库重启 ${whole(x, p.attempts)} 次仍未恢复，请联系维护人员`,
    },
    en: {
      title: 'Database cannot recover',
      text: (p, x) =>
        `The database did not come back after ${whole(x, p.attempts)} restarts: call for maintenance`,
    },
  },
  'unclean-restart': {
    zh: {
      title: '系统意外重启',
      text: (p, x) =>
        `系统从 ${formatDateTime(x.locale, p.from)} 到 ${formatDateTime(x.locale, p.to)} 停止运行`,
    },
    en: {
      title: 'Unclean restart',
      text: (p, x) =>
        `The system was down from ${formatDateTime(x.locale, p.from)} to ${formatDateTime(x.locale, p.to)}`,
    },
  },
  'disk-low': {
    zh: {
      title: '磁盘空间不足',
      text: (p, x) => {
        const shed = [
          ...(count(p.shedDays) > 0
            ? [`${String(p.readingsFrom)} 至 ${String(p.readingsTo)} 共 ${whole(x, p.shedDays)} 天的原始读数`]
            : []),
          ...(count(p.shedBackups) > 0 ? [`${whole(x, p.shedBackups)} 份旧备份`] : []),
        ];
        const done =
          shed.length === 0
            ? ''
            : `；已自动删除${shed.join('和')}（腾出 ${withUnit(x.locale, p.shedMb, 'MB', 0)}），汇总数据、订单和账目都保留`;
        return `磁盘只剩 ${withUnit(x.locale, p.freeMb, 'MB', 0)}${done}；请清理或更换磁盘`;
      },
    },
    en: {
      title: 'Disk low',
      text: (p, x) => {
        const shed = [
          ...(count(p.shedDays) > 0
            ? [
                `the raw readings of ${whole(x, p.shedDays)} days (${String(p.readingsFrom)} to ${String(p.readingsTo)})`,
              ]
            : []),
          ...(count(p.shedBackups) > 0 ? [`${whole(x, p.shedBackups)} old backups`] : []),
        ];
        const done =
          shed.length === 0
            ? ''
            : `; shed ${shed.join(' and ')} (${withUnit(x.locale, p.shedMb, 'MB', 0)} freed), rollups, orders and money kept`;
        return `Only ${withUnit(x.locale, p.freeMb, 'MB', 0)} of disk left${done}: free space or replace the disk`;
      },
    },
  },
  'backup-failed': {
    zh: { title: '备份失败', text: () => '数据备份失败，请检查备份盘' },
    en: { title: 'Backup failed', text: () => 'The data backup failed: check the backup drive' },
  },
  'modem-down': {
    zh: { title: '短信猫故障', text: () => '短信模块无响应，短信报警暂时无法发送' },
    en: { title: 'Modem down', text: () => 'The SMS modem does not answer: SMS alarms cannot be sent' },
  },
};

export const SEVERITY_MESSAGES = {
  critical: { zh: '严重', en: 'critical' },
  warning: { zh: '警告', en: 'warning' },
  advisory: { zh: '提示', en: 'advisory' },
} as const;

export const CULL_CAUSE_MESSAGES: { readonly [C in CullCause]: { zh: string; en: string } } = {
  'damping-off': { zh: '猝倒病', en: 'Damping-off' },
  cold: { zh: '冷害', en: 'Cold' },
  heat: { zh: '热害', en: 'Heat' },
  drought: { zh: '缺水', en: 'Drought' },
  waterlogging: { zh: '积水', en: 'Waterlogging' },
  pests: { zh: '虫害', en: 'Pests' },
  mechanical: { zh: '机械损伤', en: 'Mechanical damage' },
  other: { zh: '其他', en: 'Other' },
};

export const languageOf = (locale: MessageLocale): 'zh' | 'en' => (locale === 'en' ? 'en' : 'zh');
