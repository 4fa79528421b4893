import { createHmac } from 'node:crypto';
import type { WebhookFormat } from './duty-roster.entity.js';

/** One group robot as the roster names it: where to post, in which format, signed with what. */
export interface RobotAddress {
  readonly url: string;
  readonly format: WebhookFormat;
  /**
   * A DingTalk robot's signing secret (加签, the `SEC…` string of its security settings); a robot
   * set up with 加签 refuses unsigned posts (errcode 310000). Unused for the other formats.
   */
  readonly secret?: string | null;
}

/** What the robot answered; `ok` as a delivery counts: HTTP 2xx and no errcode but 0. */
export interface RobotAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly text: string;
}

/**
 * The URL to post to. DingTalk's 加签: HMAC-SHA256 of `timestamp + "\n" + secret` keyed with the
 * secret, base64, as `&timestamp=…&sign=…` (URL-encoded); the robot refuses a timestamp more than
 * an hour off, so it is signed at each post, never stored.
 */
export function signedRobotUrl(robot: RobotAddress, now: number): string {
  if (robot.format !== 'dingtalk' || !robot.secret) return robot.url;
  const sign = createHmac('sha256', robot.secret).update(`${now}\n${robot.secret}`).digest('base64');
  const url = new URL(robot.url);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', sign);
  return url.toString();
}

/**
 * Posts one message to a group robot (5 s at most) and judges the answer: WeCom and DingTalk
 * answer 200 with `{"errcode": n}` when they refuse. Throws only when the robot cannot be reached.
 */
export async function postToRobot(
  robot: RobotAddress,
  body: Record<string, unknown>,
  now = Date.now(),
): Promise<RobotAnswer> {
  const response = await fetch(signedRobotUrl(robot, now), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  const errcode = /"errcode"\s*:\s*(\d+)/.exec(text)?.[1];
  return { ok: response.ok && (errcode === undefined || errcode === '0'), status: response.status, text };
}
