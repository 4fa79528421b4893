import { describe, expect, it } from '@jest/globals';
import { en, zh, type MessageKey } from './i18n.ts';

const keys = Object.keys(zh) as MessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the page texts', () => {
  it('English reads as English: no Chinese characters, full-width punctuation or doubled words', () => {
    const wrong = keys.filter(
      (key) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(en[key]) || /\b(\w+) \1\b/i.test(en[key]),
    );
    expect(wrong.map((key) => `${key}: ${en[key]}`)).toEqual([]);
  });

  it('every text has both languages with the same {placeholders}', () => {
    const unequal = keys.filter(
      (key) => !en[key] || !zh[key] || placeholders(en[key]).join() !== placeholders(zh[key]).join(),
    );
    expect(unequal.map((key) => `${key}: ${zh[key]} | ${en[key]}`)).toEqual([]);
  });
});
