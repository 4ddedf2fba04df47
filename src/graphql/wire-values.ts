/** Reading GWS's loosely typed values: ids, enum names, URIs, timestamps, names and lists. */

/**
 * The `id` of a value that GWS identifies only within its session: opaque, and unique across types
 * and sessions, as client caches key objects by it. JSON keeps the parts apart whatever they hold.
 */
export function cacheId(typename: string, sessionId: string, key: string | number): string {
  return Buffer.from(JSON.stringify([typename, sessionId, key])).toString('base64url');
}

/** Enum names by wire value, as GWS repeats a few short values in every answer; bounded. */
const ENUM_NAMES = new Map<string, string>();
const MAX_REMEMBERED_ENUM_NAMES = 1000;
const MAX_REMEMBERED_WIRE_LENGTH = 64;

/** `LeftChat` → `LEFT_CHAT`, `SendStartTypingToAgentsNotification` → `SEND_START_TYPING_TO_AGENTS_NOTIFICATION`. */
export function enumName(wire: string): string {
  let name = ENUM_NAMES.get(wire);
  if (name === undefined) {
    name = wire
      .trim()
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[\s-]+/g, '_')
      .toUpperCase();
    if (ENUM_NAMES.size < MAX_REMEMBERED_ENUM_NAMES && wire.length <= MAX_REMEMBERED_WIRE_LENGTH) {
      ENUM_NAMES.set(wire, name);
    }
  }
  return name;
}

/** GWS samples carry URIs with stray spaces (`http: //localhost: 8080/…`). */
export function cleanUri(uri: string | undefined | null): string | null {
  if (typeof uri !== 'string') return null;
  const cleaned = uri.replace(/\s+/g, '');
  return cleaned === '' ? null : cleaned;
}

/** The last path segment of a (possibly malformed) GWS resource URI or path. */
export function lastPathSegment(uriOrPath: string | undefined | null): string | null {
  const cleaned = cleanUri(uriOrPath)
    ?.replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  const segment = cleaned?.slice(cleaned.lastIndexOf('/') + 1);
  return segment ? segment : null;
}

const GWS_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)([+-]\d{2}):?(\d{2})$/;
/** Below this a timestampSeconds value is read as seconds: as milliseconds it would be before 1973. */
const SECONDS_LIMIT = 1e11;

/**
 * ISO 8601 from GWS's `timestampSeconds` (milliseconds, despite the name), else from the
 * `timestamp` string (`yyyy-MM-dd HH:mm:ss.SSSZ`, sometimes with spaces lost or added).
 */
export function isoTimestamp(
  timestampSeconds: unknown,
  timestamp: string | undefined,
): string | null {
  if (typeof timestampSeconds === 'number' && Number.isFinite(timestampSeconds)) {
    const iso = isoFromMs(
      timestampSeconds < SECONDS_LIMIT ? timestampSeconds * 1000 : timestampSeconds,
    );
    if (iso !== null) return iso;
  }
  const match =
    typeof timestamp === 'string' ? GWS_TIMESTAMP.exec(timestamp.replace(/\s+/g, '')) : null;
  if (!match) return null;
  const [, day, time, zoneHours, zoneMinutes] = match;
  const date = new Date(`${day}T${time}${zoneHours}:${zoneMinutes}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The largest time a Date holds, in milliseconds either side of 1970. */
const MAX_DATE_MS = 8.64e15;
/** The second last formatted, and its ISO 8601 text up to the milliseconds (`…T09:58:12.`). */
let formattedSecond = Number.NaN;
let formattedSecondPrefix = '';

/**
 * `new Date(ms).toISOString()`, or null where that is an invalid date. Messages of one second
 * share their text up to the milliseconds, so it is formatted once per second, not per message.
 */
function isoFromMs(ms: number): string | null {
  const whole = Math.trunc(ms);
  if (!(Math.abs(whole) <= MAX_DATE_MS)) return null;
  const second = Math.floor(whole / 1000);
  if (second !== formattedSecond) {
    // toISOString always ends in `.sssZ`.
    formattedSecondPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    formattedSecond = second;
  }
  return `${formattedSecondPrefix}${String(whole - second * 1000).padStart(3, '0')}Z`;
}

/** A string GWS sent that says something, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function personName(firstName: string | null, lastName: string | null): string | null {
  const name = [firstName, lastName].filter((part) => part !== null).join(' ');
  return name === '' ? null : name;
}

/** The entry's URI as GWS sent it, else its path, else the path GWS gives such entries. */
export function entryUri(
  entry: { id: string; uri?: string; path?: string },
  collection: string,
): string {
  return cleanUri(entry.uri) ?? cleanUri(entry.path) ?? `/${collection}/${entry.id}`;
}

/** Phone numbers as documented (`[{phoneNumber, …}]`) or as plain strings. */
export function phoneNumbers(numbers: unknown): string[] {
  if (!Array.isArray(numbers)) return [];
  return numbers.flatMap((number: unknown) => {
    const value = isPlainObject(number) ? number.phoneNumber : number;
    return typeof value === 'string' && value !== '' ? [value] : [];
  });
}

/** The object entries of what should be an array of objects; anything else is left out. */
export function objects<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(isPlainObject) as T[]) : [];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
