import { SEVERITY_MESSAGES, alarmMessage, alarmParams, type AlarmResponse } from '#contracts';
import { metricName } from './format.ts';
import { locale } from './i18n.ts';
import { cropName } from './views/orders.tsx';

/**
 * Alarm titles and messages in the page's language, from the one catalogue the api's robot texts
 * and SMS use too (libs/contracts ALARM_MESSAGES): the rule code and its stored parameters
 * (`params`; alarms from before they were stored fall back to value, threshold and subject). The
 * api's own `message` is English for logs; it shows only for a rule the catalogue does not know.
 */
export function alarmText(
  alarm: Pick<AlarmResponse, 'rule' | 'message' | 'value' | 'threshold' | 'subject' | 'since' | 'params'> & {
    readonly clearedAt?: string | null;
  },
): { title: string; message: string } {
  const params: Record<string, unknown> = alarmParams(alarm);
  if (alarm.rule === 'unclean-restart' && params['from'] === undefined) {
    // The outage's start and end are the alarm's own times (it is raised and cleared at once).
    params['from'] = alarm.since;
    params['to'] = alarm.clearedAt ?? alarm.since;
  }
  const catalogued = alarmMessage(alarm.rule, params, {
    locale: locale.get(),
    metricName,
    cropName,
  });
  if (catalogued) return { title: catalogued.title, message: catalogued.text };
  return { title: alarm.rule || alarm.message, message: alarm.rule ? alarm.message : '' };
}

export function severityText(severity: string): string {
  const words = (SEVERITY_MESSAGES as Record<string, { zh: string; en: string } | undefined>)[severity];
  return words ? words[locale.get() === 'en' ? 'en' : 'zh'] : severity;
}
