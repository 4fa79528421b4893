import { describe, expect, it } from '@jest/globals';
import { generatePassword, hashPassword, verifyPassword } from './password-hasher.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('苗好一半收');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    await expect(verifyPassword('苗好一半收', hash)).resolves.toBe(true);
    await expect(verifyPassword('苗好一半', hash)).resolves.toBe(false);
    await expect(verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('generates passwords without look-alike characters', () => {
    expect(generatePassword(40)).toMatch(/^[a-hjkmnp-z2-9]{40}$/);
  });
});
