import { describe, expect, it } from '@jest/globals';
import { acknowledgementCode, newAckCode, samePhone } from './sms-reply.js';

describe('acknowledgement by SMS reply', () => {
  it.each([
    ['4821 确认', '4821'],
    ['4821确认', '4821'],
    [' 4821，收到 ', '4821'],
    ['4821 OK', '4821'],
    ['４８２１ 确认', '4821'], // full-width digits from a Chinese keyboard
    ['0042', '0042'],
    ['4821 好!', '4821'],
  ])('reads %s as code %s', (text, code) => {
    expect(acknowledgementCode(text)).toBe(code);
  });

  it.each(['确认', '482 确认', '48211 确认', '4821 不要', 'call me 4821', ''])('refuses %s', (text) => {
    expect(acknowledgementCode(text)).toBeNull();
  });

  it('makes four-digit codes', () => {
    for (let i = 0; i < 200; i += 1) expect(newAckCode()).toMatch(/^\d{4}$/);
  });

  it('compares mainland numbers whatever their prefix', () => {
    expect(samePhone('+8613800000002', '13800000002')).toBe(true);
    expect(samePhone('0086 138-0000-0002', '13800000002')).toBe(true);
    expect(samePhone('13800000003', '13800000002')).toBe(false);
  });
});
