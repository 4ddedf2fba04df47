/** The environment the settings are read from, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What NODE_ENV says the gateway runs as: some defaults are stricter in production. */
export type Mode = 'standard' | 'production';

/**
 * One setting: its environment variable, how a value is read and checked, its default in each mode
 * and what it means. The settings table (`settings.ts`) is made of these; the configuration
 * document's table is written from them.
 */
export interface Setting<T> {
  /** The environment variable. */
  readonly variable: string;
  /** What the setting does, as docs/configuration.md says it. */
  readonly description: string;
  /** The values the variable takes, as docs/configuration.md says them. */
  readonly accepts: string;
  /** The value when the variable is unset or blank; a new object each time. */
  fallback(mode: Mode): T;
  /**
   * Reads the variable's value, trimmed and not empty.
   * @throws ConfigError naming the variable, when the value is unusable
   */
  parse(value: string): T;
  /** A value as the variable would be set to it; undefined for no value (the variable unset). */
  show(value: T): string | undefined;
}

/** The value a setting reads to. */
export type ValueOf<S> = S extends Setting<infer T> ? T : never;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

/** The setting's value in this environment: its variable's, or else its default in this mode. */
export function readSetting<T>(setting: Setting<T>, env: Environment, mode: Mode): T {
  const value = env[setting.variable]?.trim();
  return value === undefined || value === '' ? setting.fallback(mode) : setting.parse(value);
}
