// One malformed message of each kind a device can be told to send, for the ingest to dead-letter.
import { MAX_BACKLOG_SAMPLES } from '#contracts';
import type { MalformedKind } from './faults.js';

/** One malformed message of each kind the ingest must dead-letter (issue 3). */
export function malformedMessage(
  kind: MalformedKind,
  prefix: string,
  ts: number,
): [topic: string, payload: string] {
  const tele = `${prefix}/tele`;
  switch (kind) {
    case 'invalid-json':
      return [tele, `{"ts":${ts},"values":{"air_temp_c":`];
    case 'wrong-types':
      return [tele, JSON.stringify({ ts, values: { air_temp_c: '18.5', air_rh_pct: true } })];
    case 'nan-text':
      return [tele, `{"ts":${ts},"values":{"air_temp_c":NaN,"air_rh_pct":Infinity}}`];
    case 'out-of-range':
      return [tele, JSON.stringify({ ts, values: { air_temp_c: 500, air_rh_pct: 140 } })];
    case 'unknown-metric':
      return [tele, JSON.stringify({ ts, values: { soil_magic_x: 1 } })];
    case 'too-large':
      return [tele, JSON.stringify({ ts, values: { air_temp_c: 18 }, padding: 'x'.repeat(300 * 1024) })];
    case 'bad-topic':
      return [`${prefix}/tele/extra/level`, JSON.stringify({ ts, values: { air_temp_c: 18 } })];
    case 'array-too-long':
      return [
        tele,
        JSON.stringify(
          Array.from({ length: MAX_BACKLOG_SAMPLES + 1 }, (_, index) => ({
            ts: ts - (MAX_BACKLOG_SAMPLES + 1 - index) * 1000,
            values: { air_temp_c: 18 },
          })),
        ),
      ];
  }
}
