import { describe, expect, it } from '@jest/globals';
import { signedRobotUrl } from './robot-post.js';

describe('DingTalk 加签', () => {
  const robot = {
    url: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
    format: 'dingtalk' as const,
    secret: 'SECtest-secret-0123456789',
  };

  it('appends the timestamp and the HMAC-SHA256 signature, URL-encoded', () => {
    // The signature computed apart from this code (Python's hmac and base64 over "ts\nsecret").
    expect(signedRobotUrl(robot, 1767225600000)).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1767225600000' +
        '&sign=MFX77%2B16EJKdQ63Px0Wa%2Blid6E57T5BlOeu19jzu8R8%3D',
    );
  });

  it.each([
    ['a DingTalk robot without a secret', { ...robot, secret: null }],
    ['a WeCom robot', { ...robot, format: 'wecom' as const }],
    ['a generic webhook', { ...robot, format: 'json' as const }],
  ])('leaves the URL of %s as it is', (_what, unsigned) => {
    expect(signedRobotUrl(unsigned, 1767225600000)).toBe(robot.url);
  });
});
