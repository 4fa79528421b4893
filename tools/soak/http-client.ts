export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as is, not as JSON (a malformed body). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

/**
 * The manager's session against the api: logs in when it has no token or the token is refused.
 * A network failure (the api is down) throws; every HTTP answer is returned.
 */
export class SoakHttp {
  private token: string | undefined;

  constructor(
    readonly url: string,
    private readonly account: { readonly phone: string; readonly password: string },
  ) {}

  async call<T = unknown>(method: string, route: string, options: CallOptions = {}): Promise<HttpAnswer<T>> {
    if (this.token === undefined) await this.login();
    const first = await this.send<T>(method, route, options);
    if (first.status !== 401) return first;
    await this.login();
    return this.send<T>(method, route, options);
  }

  /** Without the session (an anonymous caller). */
  anonymous<T = unknown>(method: string, route: string, options: CallOptions = {}): Promise<HttpAnswer<T>> {
    return this.send<T>(method, route, options, false);
  }

  private async login(): Promise<void> {
    const answer = await this.send<{ accessToken?: string }>(
      'POST',
      '/api/auth/login',
      { body: this.account },
      false,
    );
    if (answer.status !== 200 && answer.status !== 201)
      throw new Error(`login answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    this.token = answer.body.accessToken;
  }

  private async send<T>(
    method: string,
    route: string,
    options: CallOptions,
    signedIn = true,
  ): Promise<HttpAnswer<T>> {
    const json = options.raw === undefined && options.body !== undefined;
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: {
        ...(json || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(signedIn && this.token !== undefined ? { authorization: `Bearer ${this.token}` } : {}),
        ...options.headers,
      },
      body: options.raw ?? (json ? JSON.stringify(options.body) : undefined),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: body as T };
  }
}
