import { errorText, isErrorCode, type MessageContext } from '#contracts';
import { metricName } from './format.ts';
import { locale } from './i18n.ts';

/** The catalogue's context for the page: its language and the metric registry's names. */
export function messageContext(): MessageContext {
  return { locale: locale.get(), metricName };
}

/**
 * What a person reads when a request fails: the catalogue's text for the api's code, parameters and
 * field problems in the page's language (never the server's English `message`); for a failure
 * without an api answer (the network), a plain sentence.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    const { code, params, details } = error as { code: string; params?: unknown; details?: unknown };
    if (isErrorCode(code)) return errorText({ code, params, details }, messageContext());
    // Codes the page makes itself (UNCONFIRMED) carry their text in the page's language already.
    if (!code.startsWith('HTTP_') && error instanceof Error) return error.message;
  }
  return locale.get() === 'en' ? 'The server could not be reached' : '无法连接服务器';
}
