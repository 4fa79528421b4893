import { describe, expect, it } from '@jest/globals';
import { ALARM_PARAM_NAMES, ALARM_RULE_CODES } from '../codes/alarm-codes.js';
import { CONSTRAINT_PARAM_NAMES, CONSTRAINTS } from '../codes/constraints.js';
import { CULL_CAUSES } from '../codes/cull-causes.js';
import { ERROR_CODES, ERROR_PARAM_NAMES } from '../codes/error-codes.js';
import { ALARM_MESSAGES, CULL_CAUSE_MESSAGES } from './alarm-messages.js';
import { CONSTRAINT_MESSAGES } from './constraint-messages.js';
import type { MessageContext } from './context.js';
import { ERROR_MESSAGES } from './error-messages.js';
import { errorText } from './index.js';

type AnyText = (params: unknown, context: MessageContext) => string;

/** Parameters that record which names a text reads, answering a plausible value for each. */
function recordingParams(): { params: Record<string, unknown>; read: Set<string> } {
  const read = new Set<string>();
  const params = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key !== 'string') return undefined;
        read.add(key);
        return 7;
      },
    },
  );
  return { params, read };
}

const zh: MessageContext = { locale: 'zh-CN' };
const en: MessageContext = { locale: 'en' };
// Units and forms a Chinese sentence writes in Latin letters.
const LATIN_IN_CHINESE = /\b(?!(?:ppm|KB|MB|HH|MM|http|https)\b)[A-Za-z]{3,}\b/;
const HAN = /\p{Script=Han}/u;

function checkTexts(
  kind: string,
  codes: readonly string[],
  names: Readonly<Record<string, readonly string[]>>,
  textOf: (code: string, language: 'zh' | 'en') => AnyText | undefined,
): void {
  for (const code of codes) {
    for (const language of ['zh', 'en'] as const) {
      const text = textOf(code, language);
      expect([kind, code, language, typeof text]).toEqual([kind, code, language, 'function']);
      const { params, read } = recordingParams();
      const out = text!(params, language === 'zh' ? zh : en);
      expect([kind, code, language, out.length > 0]).toEqual([kind, code, language, true]);
      const unknown = [...read].filter((name) => !names[code].includes(name));
      expect([kind, code, language, unknown]).toEqual([kind, code, language, []]);
      if (language === 'zh') {
        expect([kind, code, HAN.test(out), LATIN_IN_CHINESE.exec(out)?.[0]]).toEqual([
          kind,
          code,
          true,
          undefined,
        ]);
      }
    }
  }
}

describe('the message catalogue', () => {
  it('has Chinese and English for every error code, using only its parameters', () => {
    checkTexts('error', ERROR_CODES, ERROR_PARAM_NAMES, (code, language) => {
      const entry = (ERROR_MESSAGES as Record<string, { zh: AnyText; en: AnyText } | undefined>)[code];
      return entry?.[language];
    });
  });

  it('has Chinese and English for every validation constraint, using only its parameters', () => {
    checkTexts('constraint', CONSTRAINTS, CONSTRAINT_PARAM_NAMES, (code, language) => {
      const entry = (CONSTRAINT_MESSAGES as Record<string, { zh: AnyText; en: AnyText } | undefined>)[code];
      return entry?.[language];
    });
  });

  it('has a title and a text in both languages for every alarm rule, using only its parameters', () => {
    checkTexts('alarm', ALARM_RULE_CODES, ALARM_PARAM_NAMES, (code, language) => {
      const entry = (ALARM_MESSAGES as Record<string, Record<'zh' | 'en', { title: string; text: AnyText }>>)[
        code
      ];
      if (!entry || !entry[language].title) return undefined;
      if (language === 'zh') expect([code, HAN.test(entry.zh.title)]).toEqual([code, true]);
      return entry[language].text;
    });
  });

  it('names every cull cause in both languages', () => {
    for (const cause of CULL_CAUSES) {
      expect([
        cause,
        HAN.test(CULL_CAUSE_MESSAGES[cause].zh),
        CULL_CAUSE_MESSAGES[cause].en.length > 0,
      ]).toEqual([cause, true, true]);
    }
  });

  it('turns an api error body into the page language, never the server message', () => {
    const body = {
      code: 'VALIDATION_FAILED',
      message: 'lines.0.quantity: max',
      details: [{ field: 'lines.0.quantity', constraint: 'max', params: { max: 5_000_000 } }],
    };
    expect(errorText(body, zh)).toBe('第1行 数量不能大于 5,000,000');
    expect(errorText(body, en)).toBe('Line 1 quantity must be at most 5,000,000');
    const login = { code: 'INVALID_CREDENTIALS', message: 'Wrong phone number or password' };
    expect(errorText(login, zh)).toBe('手机号或密码错误');
    expect(errorText({ code: 'SOMETHING_NEW' }, zh)).toBe('服务器出错，请稍后再试');
  });
});
