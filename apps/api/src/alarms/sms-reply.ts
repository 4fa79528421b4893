import { randomInt } from 'node:crypto';

/**
 * Acknowledging an alarm by SMS reply. Each alarm gets a random four-digit code when it is raised
 * (printed in its SMS: 回复“4821 确认”); the code expires when the alarm clears, so an old SMS
 * cannot acknowledge a new alarm. Only numbers on the duty roster are heard.
 */
export const ACK_CODE_DIGITS = 4;

export function newAckCode(): string {
  return String(randomInt(0, 10 ** ACK_CODE_DIGITS)).padStart(ACK_CODE_DIGITS, '0');
}

/**
 * The code in a reply: four digits, alone or followed by a word of assent, in Chinese or English,
 * with whatever spacing and punctuation a phone keyboard produces ("4821 确认", "4821确认",
 * "4821，收到", "4821 ok", "4821"). Anything else is not an acknowledgement.
 */
export function acknowledgementCode(text: string): string | null {
  const normalised = text.normalize('NFKC').trim();
  const match = /^(\d{4})(?:[\s,.，。:：]*(确认|收到|好|知道了|ok|yes|ack))?[\s!！.。]*$/i.exec(normalised);
  return match?.[1] ?? null;
}

/** A mainland number however it is written: +86, 0086 or no prefix, with spaces or dashes. */
export function nationalNumber(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '');
  return digits.replace(/^(\+86|0086)/, '');
}

export function samePhone(a: string, b: string): boolean {
  return nationalNumber(a) === nationalNumber(b);
}
