import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers.js';

/** The headers the middleware sets for one request: helmet only calls setHeader/removeHeader. */
async function headersFor(options: { httpsOnly: boolean }, secure: boolean): Promise<Map<string, string>> {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  } as unknown as Response;
  const request = { secure, headers: {} } as unknown as Request;
  await new Promise<void>((resolve, reject) =>
    securityHeaders(options)(request, response, (error?: unknown) =>
      error === undefined ? resolve() : reject(error instanceof Error ? error : new Error('helmet failed')),
    ),
  );
  return headers;
}

describe('securityHeaders', () => {
  it.each([
    { httpsOnly: false, secure: false, hsts: false },
    { httpsOnly: false, secure: true, hsts: true },
    { httpsOnly: true, secure: false, hsts: true },
    { httpsOnly: true, secure: true, hsts: true },
  ])('httpsOnly $httpsOnly, request over HTTPS $secure: HSTS and upgrade $hsts', async (row) => {
    const headers = await headersFor({ httpsOnly: row.httpsOnly }, row.secure);
    expect(headers.has('strict-transport-security')).toBe(row.hsts);
    const policy = headers.get('content-security-policy') ?? '';
    expect(policy.includes('upgrade-insecure-requests')).toBe(row.hsts);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'self'");
  });
});
