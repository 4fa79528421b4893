import { formatStamp, type MessageLocale } from './format.js';

/**
 * Notices to the duty roster that belong to no alarm rule: the server's own outage, told once at
 * the start after an unclean stop, and the devices whose readings still miss part of that outage
 * once their backlogs had time to arrive. Times in nursery time, written 2026-12-06 03:12.
 */
export interface NoticeParams {
  /** `from`: the last heartbeat (null when unknown); `to`: the start that found it unmarked. */
  'server-down': { from: string | null; to: string };
  /** Each device as "gh1/env-1" with the longest stretch it has no readings for. */
  'device-gaps': { from: string; to: string; devices: { device: string; from: string; to: string }[] };
}

export type NoticeCode = keyof NoticeParams;

type NoticeText<P> = (params: P) => string;

const span = (from: string, to: string) => `${formatStamp(from)}–${formatStamp(to)}`;

export const NOTICE_MESSAGES: {
  readonly [C in NoticeCode]: {
    readonly zh: NoticeText<NoticeParams[C]>;
    readonly en: NoticeText<NoticeParams[C]>;
  };
} = {
  'server-down': {
    zh: (p) =>
      p.from === null
        ? `【育苗】服务器曾非正常停止（停止时间不明），${formatStamp(p.to)} 重新启动。15 分钟后核对各设备停机期间的数据。`
        : `【育苗】服务器在 ${formatStamp(p.from)} 至 ${formatStamp(p.to)} 期间停止运行。15 分钟后核对各设备停机期间的数据。`,
    en: (p) =>
      p.from === null
        ? `[Yumiao] The server stopped uncleanly (when is unknown) and started again at ${formatStamp(p.to)}. Device readings of the outage are checked in 15 minutes.`
        : `[Yumiao] The server was down from ${formatStamp(p.from)} to ${formatStamp(p.to)}. Device readings of the outage are checked in 15 minutes.`,
  },
  'device-gaps': {
    zh: (p) =>
      `【育苗】服务器停止期间（${formatStamp(p.from)} 至 ${formatStamp(p.to)}）以下设备的数据仍有缺口：${p.devices
        .map((d) => `${d.device}（${span(d.from, d.to)}）`)
        .join('、')}。请检查这些设备是否正常上传。`,
    en: (p) =>
      `[Yumiao] These devices still miss readings from the outage (${formatStamp(p.from)} to ${formatStamp(p.to)}): ${p.devices
        .map((d) => `${d.device} (${span(d.from, d.to)})`)
        .join(', ')}. Check that they are reporting.`,
  },
};

/** A notice in the roster's language (robots and SMS are Chinese: `zh-CN`). */
export function noticeText<C extends NoticeCode>(
  code: C,
  params: NoticeParams[C],
  locale: MessageLocale,
): string {
  const texts = NOTICE_MESSAGES[code] as { zh: NoticeText<NoticeParams[C]>; en: NoticeText<NoticeParams[C]> };
  return (locale === 'en' ? texts.en : texts.zh)(params);
}
