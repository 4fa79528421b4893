/**
 * SMS in PDU mode (3GPP TS 23.040), the part a 4G/GSM modem's AT interface needs: an SMS-SUBMIT
 * to send and an SMS-DELIVER to read a reply. Text mode (`AT+CMGF=1`) cannot carry Chinese
 * reliably across modem families, so every message goes as UCS-2 (DCS 0x08): 70 UTF-16 units in
 * one SMS, 67 per part when a long text is split into concatenated parts (a 6-octet user-data
 * header with an 8-bit reference). Replies are decoded in both the GSM 7-bit default alphabet and
 * UCS-2, since a phone picks the encoding by the characters typed ("1234 OK" is 7-bit,
 * "1234 确认" is UCS-2).
 *
 * Pure functions over hex strings, shared by the api's modem driver and the test modem simulator.
 */

/** UTF-16 code units in one unsplit UCS-2 SMS, and per part of a concatenated one. */
export const UCS2_SINGLE_UNITS = 70;
export const UCS2_PART_UNITS = 67;
/** Concatenated SMS with an 8-bit reference carry at most 255 parts; alarms never need many. */
const MAX_PARTS = 10;

export interface SubmitPdu {
  /** Hex of the whole PDU, SMSC field included ("00": the SIM's own service centre). */
  readonly hex: string;
  /** The length `AT+CMGS=<n>` expects: octets after the SMSC field. */
  readonly tpduLength: number;
}

export interface ConcatInfo {
  readonly reference: number;
  readonly total: number;
  readonly sequence: number;
}

export interface DecodedSubmit {
  readonly to: string;
  readonly text: string;
  readonly concat: ConcatInfo | null;
}

export interface DecodedDeliver {
  readonly from: string;
  readonly text: string;
  readonly concat: ConcatInfo | null;
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** Splits a text into UTF-16 chunks of at most `units`, never between the halves of a surrogate pair. */
export function splitUcs2(text: string, units: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const char of text) {
    if (current.length + char.length > units) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

function ucs2Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1)
    out += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return out;
}

function ucs2Text(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** A phone number as TP-DA/TP-OA: digit count, type of number, BCD digits nibble-swapped. */
function encodeAddress(phone: string): string {
  const international = phone.startsWith('+');
  const digits = phone.replace(/^\+/, '');
  if (!/^[0-9]{1,20}$/.test(digits)) throw new RangeError(`not a phone number: ${phone}`);
  const padded = digits.length % 2 === 1 ? `${digits}F` : digits;
  let swapped = '';
  for (let i = 0; i < padded.length; i += 2) swapped += `${padded[i + 1]}${padded[i]}`;
  return `${hex2(digits.length)}${international ? '91' : '81'}${swapped}`;
}

function decodeSemiOctets(hex: string, digits: number): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += `${hex[i + 1]}${hex[i]}`;
  return out.slice(0, digits);
}

/**
 * The SMS-SUBMIT PDUs for a text, one per part. `reference` (0-255) ties the parts of one long
 * text together; the caller varies it per message.
 */
export function encodeSubmit(to: string, text: string, reference: number): SubmitPdu[] {
  const single = text.length <= UCS2_SINGLE_UNITS;
  const chunks = single ? [text] : splitUcs2(text, UCS2_PART_UNITS);
  if (chunks.length > MAX_PARTS)
    throw new RangeError(`text needs ${chunks.length} SMS parts (max ${MAX_PARTS})`);
  const address = encodeAddress(to);
  return chunks.map((chunk, index) => {
    const header = single ? '' : `050003${hex2(reference & 0xff)}${hex2(chunks.length)}${hex2(index + 1)}`;
    const body = ucs2Hex(chunk);
    const userDataLength = (header.length + body.length) / 2;
    // First octet: SMS-SUBMIT (01), with the user-data-header indicator (40) for a part.
    const firstOctet = single ? '01' : '41';
    const tpdu = `${firstOctet}00${address}0008${hex2(userDataLength)}${header}${body}`;
    return { hex: `00${tpdu}`, tpduLength: tpdu.length / 2 };
  });
}

class PduReader {
  private offset = 0;
  constructor(private readonly hex: string) {
    if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) throw new RangeError('PDU is not hex');
  }
  octet(): number {
    if (this.offset + 2 > this.hex.length) throw new RangeError('PDU ends early');
    const value = parseInt(this.hex.slice(this.offset, this.offset + 2), 16);
    this.offset += 2;
    return value;
  }
  take(octets: number): string {
    if (this.offset + octets * 2 > this.hex.length) throw new RangeError('PDU ends early');
    const out = this.hex.slice(this.offset, this.offset + octets * 2);
    this.offset += octets * 2;
    return out;
  }
  rest(): string {
    return this.hex.slice(this.offset);
  }
}

function readConcat(udh: string): ConcatInfo | null {
  const reader = new PduReader(udh);
  for (;;) {
    let iei: number;
    try {
      iei = reader.octet();
    } catch {
      return null;
    }
    const length = reader.octet();
    const data = reader.take(length);
    if (iei === 0x00 && length === 3) {
      const d = new PduReader(data);
      return { reference: d.octet(), total: d.octet(), sequence: d.octet() };
    }
    if (iei === 0x08 && length === 4) {
      const d = new PduReader(data);
      return { reference: d.octet() * 256 + d.octet(), total: d.octet(), sequence: d.octet() };
    }
  }
}

/** GSM 03.38 default alphabet; the escape table covers what people type in a reply. */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_ESCAPE: Readonly<Record<number, string>> = {
  0x0a: '\f',
  0x14: '^',
  0x28: '{',
  0x29: '}',
  0x2f: '\\',
  0x3c: '[',
  0x3d: '~',
  0x3e: ']',
  0x40: '|',
  0x65: '€',
};

/** Unpacks `septets` 7-bit characters, skipping `skipBits` fill bits after a user-data header. */
function unpackGsm7(hex: string, septets: number, skipBits: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  let out = '';
  let escape = false;
  for (let i = 0; i < septets; i += 1) {
    const bit = skipBits + i * 7;
    const byte = bit >> 3;
    const shift = bit & 7;
    const low = bytes[byte] ?? 0;
    const high = bytes[byte + 1] ?? 0;
    const code = ((low >> shift) | (high << (8 - shift))) & 0x7f;
    if (escape) {
      out += GSM7_ESCAPE[code] ?? ' ';
      escape = false;
    } else if (code === 0x1b) {
      escape = true;
    } else {
      out += GSM7[code] ?? '?';
    }
  }
  return out;
}

function readUserData(
  reader: PduReader,
  dcs: number,
  udhi: boolean,
): { text: string; concat: ConcatInfo | null } {
  const udl = reader.octet();
  const rest = reader.rest();
  const alphabet = (dcs & 0x0c) >> 2; // 0: GSM 7-bit, 1: 8-bit data, 2: UCS-2
  let concat: ConcatInfo | null = null;
  let headerOctets = 0;
  if (udhi) {
    const udhl = parseInt(rest.slice(0, 2), 16);
    headerOctets = udhl + 1;
    concat = readConcat(rest.slice(2, 2 + udhl * 2));
  }
  if (alphabet === 0) {
    const headerBits = headerOctets * 8;
    const skipBits = Math.ceil(headerBits / 7) * 7;
    const septets = udl - skipBits / 7;
    return { text: unpackGsm7(rest, septets, skipBits), concat };
  }
  const body = rest.slice(headerOctets * 2, udl * 2);
  if (alphabet === 2) return { text: ucs2Text(body), concat };
  let text = '';
  for (let i = 0; i < body.length; i += 2) text += String.fromCharCode(parseInt(body.slice(i, i + 2), 16));
  return { text, concat };
}

function readAddress(reader: PduReader): string {
  const digits = reader.octet();
  const type = reader.octet();
  const octets = Math.ceil(digits / 2);
  const raw = reader.take(octets);
  if ((type & 0x70) === 0x50) return unpackGsm7(raw, Math.floor((digits * 4) / 7), 0);
  const number = decodeSemiOctets(raw, digits);
  return (type & 0x70) === 0x10 ? `+${number}` : number;
}

/** Reads an SMS-SUBMIT (what the modem was asked to send): used by the test modem. */
export function decodeSubmit(hex: string): DecodedSubmit {
  const reader = new PduReader(hex);
  reader.take(reader.octet()); // SMSC
  const first = reader.octet();
  if ((first & 0x03) !== 0x01) throw new RangeError('not an SMS-SUBMIT');
  reader.octet(); // message reference
  const to = readAddress(reader);
  reader.octet(); // protocol identifier
  const dcs = reader.octet();
  const vpf = (first >> 3) & 0x03;
  if (vpf === 2) reader.take(1);
  else if (vpf === 1 || vpf === 3) reader.take(7);
  const { text, concat } = readUserData(reader, dcs, (first & 0x40) !== 0);
  return { to, text, concat };
}

/** Reads an SMS-DELIVER (a reply a person sent to the modem's SIM). */
export function decodeDeliver(hex: string): DecodedDeliver {
  const reader = new PduReader(hex);
  reader.take(reader.octet()); // SMSC
  const first = reader.octet();
  if ((first & 0x03) !== 0x00) throw new RangeError('not an SMS-DELIVER');
  const from = readAddress(reader);
  reader.octet(); // protocol identifier
  const dcs = reader.octet();
  reader.take(7); // service centre time stamp
  const { text, concat } = readUserData(reader, dcs, (first & 0x40) !== 0);
  return { from, text, concat };
}

/** An SMS-DELIVER in UCS-2, as a network would hand a reply to the modem (the test modem uses it). */
export function encodeDeliver(from: string, text: string): string {
  const body = ucs2Hex(text);
  // 04: SMS-DELIVER, no more messages waiting; the time stamp is fixed (nothing reads it).
  return `0004${encodeAddress(from)}0008${'62120600000000'}${hex2(body.length / 2)}${body}`;
}
