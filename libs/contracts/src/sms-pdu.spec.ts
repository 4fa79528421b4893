import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeDeliver,
  decodeSubmit,
  encodeDeliver,
  encodeSubmit,
  splitUcs2,
  UCS2_PART_UNITS,
} from './sms-pdu.js';

describe('SMS PDU', () => {
  it('encodes a short Chinese text as one UCS-2 SMS-SUBMIT (hand-computed)', () => {
    const [pdu, ...more] = encodeSubmit('13800000001', '你好', 7);
    expect(more).toEqual([]);
    // SMSC 00 · SUBMIT 01 · MR 00 · 11 digits, national, nibble-swapped · PID 00 · DCS 08 (UCS-2) · UDL 4
    expect(pdu?.hex).toBe('0001000B813108000000F10008044F60597D');
    expect(pdu?.tpduLength).toBe(17);
  });

  it('marks an international number with type 91', () => {
    const [pdu] = encodeSubmit('+8613800000001', 'A', 0);
    expect(pdu?.hex.slice(6, 10)).toBe('0D91');
    expect(decodeSubmit(pdu?.hex ?? '').to).toBe('+8613800000001');
  });

  it('splits a long text into concatenated parts of 67 units with one reference', () => {
    const text = '【育苗报警】严重：1号棚 气温 2.1 °C，低于下限 5 °C（番茄 炼苗）。'.repeat(4);
    const pdus = encodeSubmit('13800000002', text, 200);
    expect(pdus.length).toBe(Math.ceil(text.length / UCS2_PART_UNITS));
    const decoded = pdus.map((pdu) => decodeSubmit(pdu.hex));
    expect(decoded.map((part) => part.concat)).toEqual(
      pdus.map((_, index) => ({ reference: 200, total: pdus.length, sequence: index + 1 })),
    );
    expect(decoded.map((part) => part.text).join('')).toBe(text);
    // 13 octets before the user data (11-digit number), then at most 140 octets of it.
    for (const pdu of pdus) expect(pdu.tpduLength).toBeLessThanOrEqual(13 + 140);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(66)}😀b`;
    expect(splitUcs2(text, 67)).toEqual(['a'.repeat(66), '😀b']);
  });

  it('round-trips any text through SUBMIT', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 500 }),
        fc.integer({ min: 0, max: 255 }),
        (text, ref) => {
          const pdus = encodeSubmit('13912345678', text, ref);
          expect(pdus.map((pdu) => decodeSubmit(pdu.hex).text).join('')).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes a GSM 7-bit reply (a published example: "hellohello")', () => {
    // 3GPP example as reproduced in many modem manuals: from +31641600986, DCS 00, 10 septets.
    const hex = '0791135613132713040B911346610089F60000208062917314080AE8329BFD4697D9EC37';
    expect(decodeDeliver(hex)).toEqual({ from: '+31641600986', text: 'hellohello', concat: null });
  });

  it('decodes a UCS-2 reply with the acknowledgement code', () => {
    expect(decodeDeliver(encodeDeliver('13800000002', '4821 确认'))).toEqual({
      from: '13800000002',
      text: '4821 确认',
      concat: null,
    });
  });

  it('refuses what is not a PDU', () => {
    expect(() => decodeDeliver('zz')).toThrow(RangeError);
    expect(() => decodeDeliver('00')).toThrow(RangeError);
    expect(() => encodeSubmit('138-0000', 'x', 0)).toThrow(RangeError);
  });
});
