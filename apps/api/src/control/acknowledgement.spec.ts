import { describe, expect, it } from '@jest/globals';
import type { AckResult } from '#contracts';
import { acknowledgementAfter } from './acknowledgement.js';

const FIRST = new Date('2027-01-15T02:00:00Z');
const NOW = new Date('2027-01-15T02:00:01Z');

describe('acknowledgementAfter', () => {
  it.each<[AckResult | null, AckResult, AckResult, Date]>([
    // The first answer is recorded whatever it is.
    [null, 'ok', 'ok', NOW],
    [null, 'duplicate', 'duplicate', NOW],
    [null, 'rejected', 'rejected', NOW],
    // A resend crossed the first answer: the duplicate changes nothing (failed once in CI as 'duplicate').
    ['ok', 'duplicate', 'ok', FIRST],
    ['duplicate', 'duplicate', 'duplicate', FIRST],
    // A real later answer wins.
    ['ok', 'failed', 'failed', NOW],
    ['ok', 'expired', 'expired', NOW],
  ])('%s then %s keeps %s', (previous, incoming, result, at) => {
    expect(
      acknowledgementAfter({ result: previous, at: previous === null ? null : FIRST }, incoming, NOW),
    ).toEqual({
      result,
      at,
    });
  });
});
