import { isAlarmRuleCode } from '../codes/alarm-codes.js';
import { isErrorCode } from '../codes/error-codes.js';
import { isConstraint, type ValidationDetail } from '../codes/constraints.js';
import { ALARM_MESSAGES, languageOf } from './alarm-messages.js';
import { validationText } from './constraint-messages.js';
import { formatNumber } from './format.js';
import type { MessageContext } from './context.js';
import { ERROR_MESSAGES } from './error-messages.js';

export * from './format.js';
export * from './context.js';
export * from './error-messages.js';
export * from './constraint-messages.js';
export * from './alarm-messages.js';
export * from './notice-messages.js';
export * from './device-messages.js';
export * from './crop-fields.js';

type AnyText = (params: unknown, context: MessageContext) => string;

/**
 * The text of an api error body in the page's language: the validation problems one by one, or
 * the code's own text. Never the server's English `message`.
 */
export function errorText(
  body: { readonly code?: unknown; readonly params?: unknown; readonly details?: unknown },
  context: MessageContext,
): string {
  const language = languageOf(context.locale);
  const details = Array.isArray(body.details)
    ? (body.details as unknown[]).filter(
        (detail): detail is ValidationDetail =>
          typeof detail === 'object' &&
          detail !== null &&
          typeof (detail as { field?: unknown }).field === 'string' &&
          isConstraint((detail as { constraint?: unknown }).constraint),
      )
    : [];
  if (details.length > 0) {
    return details.map((detail) => validationText(detail, context)).join(language === 'en' ? '; ' : '；');
  }
  const code = isErrorCode(body.code) ? body.code : 'INTERNAL';
  const text = ERROR_MESSAGES[code][language] as AnyText;
  return text(body.params ?? {}, context);
}

/** Title and text of an alarm rule from its parameters; `undefined` for a code outside the list. */
export function alarmMessage(
  rule: string,
  params: Readonly<Record<string, unknown>>,
  context: MessageContext,
): { title: string; text: string } | undefined {
  if (!isAlarmRuleCode(rule)) return undefined;
  const texts = ALARM_MESSAGES[rule][languageOf(context.locale)] as { title: string; text: AnyText };
  return { title: texts.title, text: texts.text(params, context) + batchesHitText(params.batches, context) };
}

/** How many batches a text names before it counts the rest (an SMS stays one message). */
const BATCHES_NAMED = 4;

/**
 * The batches a house-wide crop alarm hit, each with its own limit (`B0042:39;B0043:45`, see the
 * api's combineBandDecisions), as a suffix of the alarm's text; '' when the alarm names none.
 */
function batchesHitText(value: unknown, context: MessageContext): string {
  if (typeof value !== 'string' || value === '') return '';
  const en = context.locale === 'en';
  const hit = value.split(';').map((entry) => {
    const [code, limit] = entry.split(':');
    const number = Number(limit);
    return limit === undefined || limit === '' || !Number.isFinite(number)
      ? code
      : `${code} ${en ? 'limit' : '限值'} ${formatNumber(context.locale, number, 1)}`;
  });
  const named = hit.slice(0, BATCHES_NAMED).join(en ? ', ' : '、');
  const more = hit.length - BATCHES_NAMED;
  if (en) return ` (batches hit: ${named}${more > 0 ? ` and ${more} more` : ''})`;
  return `（涉及批次：${named}${more > 0 ? ` 等 ${more + BATCHES_NAMED} 批` : ''}）`;
}
export * from './passport-messages.js';
