import { isIPv6 } from 'node:net';

/**
 * Reads typed settings from the environment and collects every problem, so a
 * service that is misconfigured says all of what is wrong at once, by name.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Environment variables as a process sees them (`process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  /** A TCP/UDP port, 1..65535 (0 allowed when `allowZero`, meaning "any free port"). */
  port(name: string, fallback: number, allowZero = false): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    const min = allowZero ? 0 : 1;
    if (!/^\d+$/.test(raw) || value < min || value > 65535) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not a port (${min}-65535); default ${fallback}`);
      return fallback;
    }
    return value;
  }

  /**
   * A host name or address: no scheme, no port, no spaces. A colon only appears in a bare
   * IPv6 address (`::1`); `host:port` and `[::1]` are refused, Node cannot resolve either.
   */
  host(name: string, fallback: string): string {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if (!/^[A-Za-z0-9.\-:_]+$/.test(raw) || (raw.includes(':') && !isIPv6(raw))) {
      this.problems.push(`${name}=${JSON.stringify(raw)} is not a host name or address; default ${fallback}`);
      return fallback;
    }
    return raw;
  }

  /** A positive integer of milliseconds. */
  milliseconds(name: string, fallback: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || value > 600_000) {
      this.problems.push(
        `${name}=${JSON.stringify(raw)} is not a duration in milliseconds (1-600000); default ${fallback}`,
      );
      return fallback;
    }
    return value;
  }

  /** `true/false/1/0/yes/no/on/off`, case-insensitive. */
  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const v = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    this.problems.push(`${name}=${JSON.stringify(raw)} is not a boolean (true/false); default ${fallback}`);
    return fallback;
  }

  /** Any non-empty string. */
  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  /** Throws one ConfigError listing every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError([...this.problems]);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
}
