import { describe, expect, it } from '@jest/globals';
import { REDACTED, redactSettings } from './redact-settings.js';

describe('redactSettings', () => {
  it('removes secrets, passwords and URL passwords, and keeps everything else', () => {
    const settings = {
      port: 3000,
      databaseUrl: 'postgres://yumiao:s3cret@127.0.0.1:5432/yumiao',
      mqtt: { url: 'mqtt://127.0.0.1:1883', username: 'api', password: 'pw' },
      jwtSecret: 'abc',
      admin: { phone: '13800000000', password: 'first-password' },
      accessTokenTtlSeconds: 900,
      robots: [{ url: 'https://oapi.dingtalk.com/robot/send?access_token=x', signingKey: 'k' }],
      smsModem: undefined,
    };
    expect(redactSettings(settings)).toEqual({
      port: 3000,
      databaseUrl: `postgres://yumiao:${REDACTED}@127.0.0.1:5432/yumiao`,
      mqtt: { url: 'mqtt://127.0.0.1:1883', username: 'api', password: REDACTED },
      jwtSecret: REDACTED,
      admin: { phone: '13800000000', password: REDACTED },
      // A TTL is not a token: only names that end in the secret word are removed.
      accessTokenTtlSeconds: 900,
      robots: [
        { url: `https://oapi.dingtalk.com/robot/send?access_token=${REDACTED}`, signingKey: REDACTED },
      ],
      smsModem: null,
    });
  });

  it('leaves an unset secret visibly unset', () => {
    expect(redactSettings({ jwtSecret: undefined })).toEqual({ jwtSecret: null });
  });
});
