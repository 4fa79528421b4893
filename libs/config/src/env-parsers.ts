// Small, strict parsers for environment variables. Each returns a value or records a problem, so
// that loading can report every bad variable at once instead of failing on the first.

export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string, fallback?: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    return raw;
  }

  requiredString(name: string, expected: string): string {
    const value = this.string(name);
    if (value === undefined) {
      this.problems.push(`${name} is missing (expected ${expected})`);
      return '';
    }
    return value;
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (
      !/^-?\d+$/.test(raw.trim()) ||
      !Number.isSafeInteger(value) ||
      value < range.min ||
      value > range.max
    ) {
      this.problems.push(`${name}=${raw} is invalid (expected an integer from ${range.min} to ${range.max})`);
      return fallback;
    }
    return value;
  }

  number(
    name: string,
    fallback: number | undefined,
    range: { min: number; max: number },
  ): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < range.min || value > range.max) {
      this.problems.push(`${name}=${raw} is invalid (expected a number from ${range.min} to ${range.max})`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const normalised = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
    if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
    this.problems.push(`${name}=${raw} is invalid (expected true/false, 1/0, yes/no or on/off)`);
    return fallback;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(
        `${name}=${redact(raw)} is invalid (expected a URL starting ${protocols.map((p) => `${p}://`).join(' or ')})`,
      );
      return undefined;
    }
  }

  instant(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    if (!Number.isFinite(value)) {
      this.problems.push(`${name}=${raw} is invalid (expected an ISO-8601 instant or epoch milliseconds)`);
      return undefined;
    }
    return value;
  }

  matching(name: string, fallback: string, pattern: RegExp, expected: string): string {
    const value = this.string(name, fallback) ?? fallback;
    if (!pattern.test(value)) {
      this.problems.push(`${name}=${value} is invalid (expected ${expected})`);
      return fallback;
    }
    return value;
  }

  timeZone(name: string, fallback: string): string {
    const value = this.string(name, fallback) ?? fallback;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return value;
    } catch {
      this.problems.push(`${name}=${value} is invalid (expected an IANA time zone such as Asia/Shanghai)`);
      return fallback;
    }
  }
}

/** Hides the password of a URL so configuration errors can be printed safely. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
