import { describe, expect, it } from '@jest/globals';
import { withheldSecrets } from './withheld-secrets.js';

describe('withheldSecrets', () => {
  it('nulls passwords and tokens at any depth and keeps everything else', () => {
    expect(
      withheldSecrets({
        id: 'd1',
        username: 'xnz-gh1-env-9',
        password: 'k3y',
        topics: ['a', 'b'],
        nested: [{ user: { phone: '138', password: 'p' } }, { accessToken: 't', refreshToken: 'r' }],
        count: 3,
        none: null,
      }),
    ).toEqual({
      id: 'd1',
      username: 'xnz-gh1-env-9',
      password: null,
      topics: ['a', 'b'],
      nested: [{ user: { phone: '138', password: null } }, { accessToken: null, refreshToken: null }],
      count: 3,
      none: null,
    });
  });

  it('writes dates as the answer does (ISO strings)', () => {
    expect(withheldSecrets({ at: new Date(Date.UTC(2026, 11, 6)) })).toEqual({
      at: '2026-12-06T00:00:00.000Z',
    });
  });

  it('leaves answers without secrets as they are', () => {
    expect(withheldSecrets(null)).toBeNull();
    expect(withheldSecrets('ok')).toBe('ok');
    expect(withheldSecrets({ batch: { id: 'b' }, impact: [] })).toEqual({ batch: { id: 'b' }, impact: [] });
  });
});
