import type {
  HttpRoute,
  PublicUser,
  RequestCheck,
  Role,
  RouteBody,
  RouteParams,
  RouteQuery,
  RouteResponse,
  SessionResponse,
} from '#contracts';
import { t } from './i18n.ts';
import { signal } from './state.ts';
import { REQUEST_ID_HEADER, UnconfirmedError, reliableWrite } from './writes.ts';

export type { Role };
export type SessionUser = PublicUser;

type Session = Pick<SessionResponse, 'accessToken' | 'refreshToken' | 'user'>;

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

/** The signed-in person changed (their own password, their name): the header and the views follow. */
export function updateSessionUser(user: Session['user']): void {
  const current = session.get();
  if (current) save({ ...current, user });
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The code's typed parameters (libs/contracts codes/error-codes.ts). */
    readonly params?: unknown,
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
      const body = (await response.json()) as RouteResponse<'POST /api/auth/refresh'>;
      save({ accessToken: body.accessToken, refreshToken: body.refreshToken, user: body.user });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | undefined;

/** What a call of route `R` needs: its path parameters, its query and its body, each only if it has one. */
export type RequestOptions<R extends HttpRoute> = (keyof RouteParams<R> extends never
  ? { params?: undefined }
  : { params: RouteParams<R> }) &
  ([RouteQuery<R>] extends [never]
    ? { query?: undefined }
    : object extends RouteQuery<R>
      ? { query?: RouteQuery<R> }
      : { query: RouteQuery<R> }) &
  ([RouteBody<R>] extends [never] ? { body?: undefined } : { body: RouteBody<R> });

type Args<R extends HttpRoute> =
  object extends RequestOptions<R> ? [options?: RequestOptions<R>] : [options: RequestOptions<R>];

/** `GET /api/zones/:zone/latest` + `{ params: { zone: 'gh 1' } }` → `/api/zones/gh%201/latest`. */
export function routeUrl<R extends HttpRoute>(route: R, ...[options]: Args<R>): string {
  const [, template] = route.split(' ') as [Method, string];
  const params = (options?.params ?? {}) as Record<string, string>;
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = new URLSearchParams();
  const entries: [string, QueryValue][] = Object.entries(options?.query ?? {});
  for (const [key, value] of entries) if (value !== undefined) query.set(key, String(value));
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The one way the dashboard calls the api: the route names its parameters, query, body and answer
 * (libs/contracts/src/http), so a field the api stops sending fails `npm run typecheck`.
 */
export async function request<R extends HttpRoute>(route: R, ...args: Args<R>): Promise<RouteResponse<R>> {
  return send(route, routeUrl(route, ...args), args[0]?.body, true);
}

async function send<R extends HttpRoute>(
  route: R,
  url: string,
  body: unknown,
  retry: boolean,
): Promise<RouteResponse<R>> {
  const current = session.get();
  const method = route.split(' ')[0];
  const headers: Record<string, string> = {};
  if (current) headers.authorization = `Bearer ${current.accessToken}`;
  // A route whose body is a Blob (a photo) sends the bytes with their own type; every other is JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = raw ? body.type : 'application/json';
  const json = body === undefined ? undefined : raw ? body : JSON.stringify(body);
  let answer: Response | RequestCheck;
  if (method === 'GET') answer = await fetch(url, { method, headers });
  else
    answer = await reliableWrite({
      send: (requestId, signal) =>
        fetch(url, { method, headers: { ...headers, [REQUEST_ID_HEADER]: requestId }, body: json, signal }),
      check: async (requestId, signal) => {
        const response = await fetch(routeUrl('GET /api/requests/:requestId', { params: { requestId } }), {
          headers: { authorization: headers.authorization ?? '' },
          signal,
        });
        if (!response.ok) throw new Error(`check answered ${response.status}`);
        return (await response.json()) as RouteResponse<'GET /api/requests/:requestId'>;
      },
    }).catch((error: unknown) => {
      if (error instanceof UnconfirmedError)
        throw new ApiError(0, 'UNCONFIRMED', t('unconfirmedGaveUp'), { requestId: error.requestId });
      throw error;
    });
  // The contract is the api's declared return type (its controllers are typed against it).
  // The server kept the first answer of a write that timed out here: that is the answer.
  if (!(answer instanceof Response))
    return (answer.state === 'done' ? answer.body : null) as RouteResponse<R>;
  const response = answer;
  if (response.status === 401 && retry && current && (await refreshSession()))
    return send(route, url, body, false);
  const parsed = await parse(response);
  if (!response.ok) {
    const error = (parsed ?? {}) as {
      code?: string;
      message?: string | string[];
      details?: unknown;
      params?: unknown;
    };
    const message = Array.isArray(error.message)
      ? error.message.join('; ')
      : (error.message ?? response.statusText);
    throw new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      message,
      error.details,
      error.params,
    );
  }
  return parsed as RouteResponse<R>;
}

export async function login(phone: string, password: string): Promise<SessionUser> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (!response.ok) {
    const error = (await parse(response)) as {
      code?: string;
      message?: string;
      details?: unknown;
      params?: unknown;
    } | null;
    throw new ApiError(
      response.status,
      error?.code ?? 'LOGIN_FAILED',
      error?.message ?? 'login failed',
      error?.details,
      error?.params,
    );
  }
  const body = (await response.json()) as RouteResponse<'POST /api/auth/login'>;
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

/** Downloads an authenticated file (CSV, slip) without putting the token in a URL. */
export async function downloadAuthenticated<R extends HttpRoute>(
  filename: string | undefined,
  route: R,
  ...args: Args<R>
): Promise<void> {
  const token = session.get()?.accessToken ?? '';
  const response = await fetch(routeUrl(route, ...args), { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  if (filename) a.download = filename;
  else a.target = '_blank';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
