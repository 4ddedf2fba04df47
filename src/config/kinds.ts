/**
 * The kinds of setting, each a parser with its documentation: what the settings table
 * (`settings.ts`) is made of. Every refusal names the variable and never repeats a value that may
 * carry a secret.
 */
import { ConfigError, type Setting } from './setting.js';

/** What every setting of the table states about itself. */
interface About {
  variable: string;
  description: string;
}

/** A whole number within bounds. */
export function integer(
  about: About & { default: number; min: number; max: number },
): Setting<number> {
  const { variable, min, max } = about;
  return {
    variable,
    description: about.description,
    accepts: `${min}–${max}`,
    fallback: () => about.default,
    parse(value) {
      const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
        throw new ConfigError(
          variable,
          `must be a whole number from ${min} to ${max} (got "${value}").`,
        );
      }
      return parsed;
    },
    show: String,
  };
}

/** `on` or `off`, with a default of its own under NODE_ENV=production where that is stricter. */
export function onOff(
  about: About & { default: boolean; productionDefault?: boolean },
): Setting<boolean> {
  const { variable, productionDefault = about.default } = about;
  return {
    variable,
    description: about.description,
    accepts: '`on`, `off`',
    fallback: (mode) => (mode === 'production' ? productionDefault : about.default),
    parse(value) {
      if (value !== 'on' && value !== 'off') {
        throw new ConfigError(variable, `must be on or off (got "${value}").`);
      }
      return value === 'on';
    },
    show: (value) => (value ? 'on' : 'off'),
  };
}

/** One word of a fixed list. */
export function oneOf<T extends string>(
  about: About & { allowed: readonly T[]; default: NoInfer<T> },
): Setting<T> {
  const { variable, allowed } = about;
  return {
    variable,
    description: about.description,
    accepts: allowed.map((word) => `\`${word}\``).join(', '),
    fallback: () => about.default,
    parse(value) {
      if (!(allowed as readonly string[]).includes(value)) {
        throw new ConfigError(variable, `must be one of ${allowed.join(', ')} (got "${value}").`);
      }
      return value as T;
    },
    show: (value) => value,
  };
}

/** NODE_ENV: production or not; any other value is not production, as everywhere in Node. */
export function productionMode(about: About): Setting<boolean> {
  return {
    variable: about.variable,
    description: about.description,
    accepts: '`production`, or anything else',
    fallback: () => false,
    parse: (value) => value === 'production',
    show: (production) => (production ? 'production' : undefined),
  };
}

/** Free text, taken as it is. */
export function text(about: About & { default: string; accepts: string }): Setting<string> {
  return {
    variable: about.variable,
    description: about.description,
    accepts: about.accepts,
    fallback: () => about.default,
    parse: (value) => value,
    show: (value) => value,
  };
}

/** Free text, taken as it is, or no value at all. */
export function optionalText(about: About & { accepts: string }): Setting<string | undefined> {
  return {
    variable: about.variable,
    description: about.description,
    accepts: about.accepts,
    fallback: () => undefined,
    parse: (value) => value,
    show: (value) => value,
  };
}

/**
 * An absolute http(s) URL with no credentials, query or fragment, read without a trailing slash;
 * or no value at all.
 */
export function baseUrl(about: About & { example: string }): Setting<string | undefined> {
  const { variable, example } = about;
  return {
    variable,
    description: about.description,
    accepts: `an http(s) URL such as \`${example}\`, with no credentials, query or fragment`,
    fallback: () => undefined,
    parse(value) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigError(
          variable,
          `must be an absolute http(s) URL such as ${example} (got "${value}").`,
        );
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ConfigError(variable, `must use http or https (got "${url.protocol}").`);
      }
      if (url.username || url.password || url.search || url.hash) {
        throw new ConfigError(variable, 'must not carry credentials, a query or a fragment.');
      }
      return url.href.replace(/\/+$/, '');
    },
    show: (value) => value,
  };
}

/** More would only multiply subscriptions per agent; GWS's own topics are a handful. */
const MAX_NOTIFICATION_CHANNELS = 16;
/** `/a/b`, or a Bayeux wildcard pattern `/a/*` (one more segment) or `/a/**` (any more). */
const CHANNEL_PATTERN = /^(\/[A-Za-z0-9_.-]+)+(\/\*{1,2})?$|^\/\*{1,2}$/;

/**
 * A comma-separated list of CometD channels, each named once; meta and service channels are not
 * subscriptions.
 */
export function channelList(about: About & { default: readonly string[] }): Setting<string[]> {
  const { variable } = about;
  return {
    variable,
    description: about.description,
    accepts: `CometD channels, comma-separated, at most ${MAX_NOTIFICATION_CHANNELS}`,
    fallback: () => [...about.default],
    parse(value) {
      const channels = [...new Set(value.split(',').map((channel) => channel.trim()))];
      if (channels.length > MAX_NOTIFICATION_CHANNELS) {
        throw new ConfigError(variable, `must name at most ${MAX_NOTIFICATION_CHANNELS} channels.`);
      }
      for (const channel of channels) {
        if (!CHANNEL_PATTERN.test(channel) || /^\/(meta|service)(\/|$)/.test(channel)) {
          throw new ConfigError(
            variable,
            `must be a comma-separated list of CometD channels such as /v2/me/* (got "${channel}").`,
          );
        }
      }
      return channels;
    },
    show: (channels) => channels.join(','),
  };
}

/**
 * A comma-separated list of web origins (`https://app.example.com`, `http://localhost:5173`): a
 * scheme, a host and a port if not the default, nothing else; none when unset. A wildcard is not
 * accepted: every allowed site is named.
 */
export function originList(about: About): Setting<string[]> {
  const { variable } = about;
  return {
    variable,
    description: about.description,
    accepts: 'origins, comma-separated',
    fallback: () => [],
    parse(value) {
      const origins = value.split(',').map((entry) => {
        const origin = entry.trim();
        let url: URL | undefined;
        try {
          url = new URL(origin);
        } catch {
          url = undefined;
        }
        if (
          !url ||
          (url.protocol !== 'http:' && url.protocol !== 'https:') ||
          url.origin !== origin.replace(/\/$/, '').toLowerCase()
        ) {
          throw new ConfigError(
            variable,
            `must be a comma-separated list of origins such as https://app.example.com (got "${origin}").`,
          );
        }
        return url.origin;
      });
      return [...new Set(origins)];
    },
    show: (origins) => (origins.length === 0 ? undefined : origins.join(',')),
  };
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The most header names a list may hold: each one goes out in every preflight's answer. */
const MAX_HEADER_NAMES = 32;

/** A comma-separated list of HTTP header names, lowercased; none when unset. */
export function headerNameList(about: About): Setting<string[]> {
  const { variable } = about;
  return {
    variable,
    description: about.description,
    accepts: `header names, comma-separated, at most ${MAX_HEADER_NAMES}`,
    fallback: () => [],
    parse(value) {
      const names = [
        ...new Set(
          value
            .split(',')
            .map((entry) => entry.trim().toLowerCase())
            .filter((entry) => entry !== ''),
        ),
      ];
      if (names.length > MAX_HEADER_NAMES) {
        throw new ConfigError(variable, `must name at most ${MAX_HEADER_NAMES} headers.`);
      }
      for (const name of names) {
        if (!HEADER_NAME.test(name)) {
          throw new ConfigError(
            variable,
            `must be a comma-separated list of header names such as x-request-id (got "${name}").`,
          );
        }
      }
      return names;
    },
    show: (names) => (names.length === 0 ? undefined : names.join(',')),
  };
}

/** Redis's default count of databases; a path names one of them. */
const REDIS_DATABASES = 16;

/** A `redis://` or `rediss://` URL, or no value; never echoed back, as it may carry a password. */
export function redisUrl(about: About): Setting<string | undefined> {
  const { variable } = about;
  const example = 'such as redis://127.0.0.1:6379/0';
  return {
    variable,
    description: about.description,
    accepts: `a \`redis://\` or \`rediss://\` URL, database 0–${REDIS_DATABASES - 1}`,
    fallback: () => undefined,
    parse(value) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigError(
          variable,
          `must be an absolute redis:// or rediss:// URL ${example}.`,
        );
      }
      if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
        throw new ConfigError(variable, `must use redis or rediss (got "${url.protocol}").`);
      }
      if (!url.hostname || url.search || url.hash) {
        throw new ConfigError(variable, `must name a host, with no query or fragment, ${example}.`);
      }
      const database = url.pathname.replace(/^\//, '');
      if (database !== '' && !(/^\d{1,2}$/.test(database) && Number(database) < REDIS_DATABASES)) {
        throw new ConfigError(
          variable,
          `must name a database from 0 to ${REDIS_DATABASES - 1}, if any.`,
        );
      }
      return value;
    },
    show: (value) => value,
  };
}
