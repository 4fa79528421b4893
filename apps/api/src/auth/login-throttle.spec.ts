import { describe, expect, it } from '@jest/globals';
import { LOGIN_WINDOW_MS, MAX_FAILURES_PER_PHONE, retryAfterSeconds } from './login-throttle.js';

const now = Date.parse('2026-03-01T08:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000);

describe('retryAfterSeconds', () => {
  it.each([
    ['no failures', [], 0],
    ['four failures', [ago(4), ago(3), ago(2), ago(1)], 0],
    [
      'five failures: wait until the oldest leaves the window',
      [ago(5), ago(4), ago(3), ago(2), ago(1)],
      10 * 60,
    ],
    ['six failures: the second-oldest decides', [ago(14), ago(5), ago(4), ago(3), ago(2), ago(1)], 10 * 60],
  ])('%s', (_name, failures, expected) => {
    expect(retryAfterSeconds(failures, MAX_FAILURES_PER_PHONE, now)).toBe(expected);
  });

  it('never answers zero while blocked', () => {
    const failures = Array.from({ length: 5 }, () => new Date(now - LOGIN_WINDOW_MS + 1));
    expect(retryAfterSeconds(failures, MAX_FAILURES_PER_PHONE, now)).toBe(1);
  });
});
