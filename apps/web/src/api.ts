import { signal } from './state.ts';

export type Role = 'manager' | 'technician' | 'buyer';

export interface SessionUser {
  id: string;
  phone: string;
  name: string;
  role: Role;
  village?: string | null;
  locale?: string | null;
}

interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const KEY = 'yumiao.session';

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());

function save(next: Session | null): void {
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  session.set(next);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

async function parse(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time; every request that saw a 401 waits for it. */
export function refreshSession(): Promise<boolean> {
  const current = session.get();
  if (!current) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (response.status === 401 || response.status === 400) {
        save(null);
        return false;
      }
      if (!response.ok) return false;
      const body = (await response.json()) as {
        accessToken: string;
        refreshToken: string;
        user?: SessionUser;
      };
      save({
        accessToken: body.accessToken,
        refreshToken: body.refreshToken,
        user: body.user ?? current.user,
      });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
  retry = true,
): Promise<T> {
  const current = session.get();
  const headers: Record<string, string> = {};
  if (current) headers.authorization = `Bearer ${current.accessToken}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (response.status === 401 && retry && current && (await refreshSession()))
    return api<T>(path, init, false);
  const body = await parse(response);
  if (!response.ok) {
    const error = (body ?? {}) as { code?: string; message?: string | string[]; details?: unknown };
    const message = Array.isArray(error.message)
      ? error.message.join('; ')
      : (error.message ?? response.statusText);
    throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, message, error.details);
  }
  return body as T;
}

export async function login(phone: string, password: string): Promise<SessionUser> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  const body = (await parse(response)) as {
    accessToken: string;
    refreshToken: string;
    user: SessionUser;
    message?: string;
    code?: string;
  };
  if (!response.ok)
    throw new ApiError(response.status, body?.code ?? 'LOGIN_FAILED', body?.message ?? 'login failed');
  save({ accessToken: body.accessToken, refreshToken: body.refreshToken, user: body.user });
  return body.user;
}

export async function logout(): Promise<void> {
  const current = session.get();
  save(null);
  if (current)
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${current.accessToken}` },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    }).catch(() => undefined);
}

/** A list from an endpoint that may answer an array or `{ items }`/`{ data }`. */
export function asList<T = Record<string, unknown>>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const key of [
      'items',
      'data',
      'rows',
      'results',
      'orders',
      'alarms',
      'commands',
      'batches',
      'devices',
      'users',
    ]) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

/** Downloads an authenticated file (CSV, slip) without putting the token in a URL. */
export async function downloadAuthenticated(path: string, filename?: string): Promise<void> {
  const token = session.get()?.accessToken ?? '';
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  if (filename) a.download = filename;
  else a.target = '_blank';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
