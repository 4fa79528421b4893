import { describe, expect, it } from '@jest/globals';
import { classifyWriteError, databaseAway, describeWriteError } from './write-errors.js';

const pgError = (code: string, message = 'refused') => Object.assign(new Error(message), { code });

describe('classifyWriteError', () => {
  it.each([
    ['22021 invalid byte sequence', pgError('22021'), 'data'],
    ['22P05 untranslatable character', pgError('22P05'), 'data'],
    ['22003 numeric out of range', pgError('22003'), 'data'],
    ['23505 unique violation', pgError('23505'), 'data'],
    ['23514 check violation', pgError('23514'), 'data'],
    ['54000 program limit exceeded', pgError('54000'), 'data'],
    ['08006 connection failure', pgError('08006'), 'transient'],
    ['57P01 admin shutdown', pgError('57P01'), 'transient'],
    ['57P02 crash shutdown', pgError('57P02'), 'transient'],
    ['57P03 cannot connect now', pgError('57P03'), 'transient'],
    ['53100 disk full', pgError('53100'), 'transient'],
    ['53300 too many connections', pgError('53300'), 'transient'],
    ['40001 serialisation failure', pgError('40001'), 'transient'],
    ['40P01 deadlock', pgError('40P01'), 'transient'],
    ['42P01 undefined table (holds, never dead-letters)', pgError('42P01'), 'transient'],
    ['ECONNREFUSED', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'transient'],
    ['pg connection terminated (no code)', new Error('Connection terminated unexpectedly'), 'transient'],
    ['a TypeError on one message', new TypeError('x is not a function'), 'data'],
    ['a RangeError on one message', new RangeError('Invalid array length'), 'data'],
  ])('%s', (_name, error, expected) => {
    expect(classifyWriteError(error)).toBe(expected);
  });

  it('describes an error in one line with its SQLSTATE and no stack', () => {
    expect(
      describeWriteError(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00\nmore')),
    ).toBe('22021 invalid byte sequence for encoding "UTF8": 0x00');
    expect(describeWriteError(new Error('Connection terminated'))).toBe('Connection terminated');
  });
});

describe('databaseAway', () => {
  it.each([
    [pgError('08006'), true],
    [pgError('57P01'), true],
    [pgError('53100'), true],
    [new Error('Connection terminated unexpectedly'), true],
    [pgError('ECONNREFUSED'), true],
    [pgError('42P01'), false],
    [pgError('22021'), false],
    [pgError('40P01'), false],
    [new TypeError('bug'), false],
  ])('%s', (error, expected) => {
    expect(databaseAway(error)).toBe(expected);
  });
});
