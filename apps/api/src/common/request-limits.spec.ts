import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorFilter, postgresDataError } from './error.filter.js';
import { jsonDepth } from './request-limits.js';
import { StorableTextPipe, unstorableTextAt } from './validation.js';

describe('jsonDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ lines: [{ households: [{ name: 'x' }] }] })).toBe(5);
  });

  it('walks a body deeper than the stack without recursion, stopping early', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 200_000; level += 1) deep = [deep];
    expect(jsonDepth(deep)).toBe(200_000);
    expect(jsonDepth(deep, 16)).toBe(17);
  });
});

describe('postgresDataError', () => {
  it('knows class 22 from TypeORM and pg errors, and nothing else', () => {
    expect(
      postgresDataError({ driverError: { code: '22008', message: 'date/time field value out of range' } }),
    ).toEqual({ code: '22008', message: 'date/time field value out of range' });
    expect(postgresDataError({ code: '22021', message: 'invalid byte sequence' })?.code).toBe('22021');
    expect(postgresDataError({ code: '23505' })).toBeUndefined();
    expect(postgresDataError({ driverError: { code: '08006' } })).toBeUndefined();
    expect(postgresDataError(new Error('boom'))).toBeUndefined();
    expect(postgresDataError(undefined)).toBeUndefined();
  });
});

describe('ErrorFilter', () => {
  it('answers a PostgreSQL data error (class 22) 400 INVALID_VALUE, not 500', () => {
    const sent: { status?: number; body?: unknown } = {};
    const response = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
      },
      setHeader() {},
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => response,
        getRequest: () => ({ method: 'GET', originalUrl: '/api/orders' }),
      }),
    } as unknown as ArgumentsHost;
    const driverError = Object.assign(new Error('value out of range for type integer'), { code: '22003' });
    new ErrorFilter().catch(new QueryFailedError('select $1::int', [2 ** 40], driverError), host);
    expect(sent).toEqual({ status: 400, body: expect.objectContaining({ code: 'INVALID_VALUE' }) });
  });
});

describe('unstorableTextAt', () => {
  it.each([
    ['plain text and numbers', { name: '王书记', lines: [{ quantity: 1, note: '😀' }] }, undefined],
    ['a NUL in a value', { lines: [{ note: 'a\u0000b' }] }, 'lines.0.note'],
    ['a NUL in a key', { thresholds: { 'a\u0000': 1 } }, 'thresholds.a\u0000'],
    ['a lone high surrogate', { name: '\ud800x' }, 'name'],
    ['a lone low surrogate', { name: 'x\udc00' }, 'name'],
    ['a whole query value', '\u0000', 'site'],
  ])('%s', (_what, value, field) => {
    expect(unstorableTextAt(value, typeof value === 'string' ? 'site' : '')).toBe(field);
  });

  it('is refused by the pipe naming the field, for bodies, queries and path values', () => {
    const pipe = new StorableTextPipe();
    expect(pipe.transform({ name: 'ok' }, { type: 'body' })).toEqual({ name: 'ok' });
    expect(() => pipe.transform('%', { type: 'param', data: 'id' })).not.toThrow();
    let answer: unknown;
    try {
      pipe.transform('a\u0000', { type: 'param', data: 'id' });
    } catch (error) {
      answer = (error as { getResponse(): unknown }).getResponse();
    }
    expect(answer).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'id', constraint: 'storableText', params: {} }],
    });
  });
});
