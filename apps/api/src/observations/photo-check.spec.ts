import { describe, expect, it } from '@jest/globals';
import { photoFileName, photoProblem, photoType } from './photo-check.js';

const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];
const WEBP = [0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50];
const HTML = [...Buffer.from('<html><script>')];

describe('photoType', () => {
  it.each([
    ['image/jpeg', 'image/jpeg'],
    ['IMAGE/PNG; charset=binary', 'image/png'],
    [' image/webp ', 'image/webp'],
    ['image/gif', undefined],
    ['image/svg+xml', undefined],
    ['application/json', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(photoType(header)).toBe(expected);
  });
});

describe('photoProblem', () => {
  it.each([
    ['image/jpeg', JPEG, undefined],
    ['image/png', PNG, undefined],
    ['image/webp', WEBP, undefined],
    ['image/jpeg', [], 'empty'],
    ['image/jpeg', PNG, 'not-that-type'],
    ['image/png', JPEG, 'not-that-type'],
    ['image/webp', [0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x41, 0x56, 0x45], 'not-that-type'],
    ['image/jpeg', HTML, 'not-that-type'],
    ['image/jpeg', [0xff, 0xd8], 'not-that-type'],
  ] as const)('%s with %j → %s', (type, bytes, expected) => {
    expect(photoProblem(type, Uint8Array.from(bytes))).toBe(expected);
  });
});

describe('photoFileName', () => {
  it('is the id with the extension of the type, never a name the phone gave', () => {
    expect(photoFileName('0b8f6c1e-1111-4222-8333-444455556666', 'image/webp')).toBe(
      '0b8f6c1e-1111-4222-8333-444455556666.webp',
    );
  });
});
