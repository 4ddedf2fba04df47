import { GwsError } from './errors.js';

/**
 * How a string parameter may run: `text` over several lines (a message, a notice, a user-data
 * value), `line` on one (a name, a key, a URL).
 */
export type TextLayout = 'text' | 'line';

/**
 * What each layout refuses, first match reported. Both: a lone surrogate (half of a UTF-16 pair:
 * no character, and not encodable as the UTF-8 GWS is sent) and the control characters (`Cc`:
 * C0, DEL and C1). A text keeps tab, LF and CR as part of CRLF; a line refuses them, and U+2028
 * and U+2029 (line and paragraph separators), too. The `u` flag reads a well-formed pair as one
 * code point, so `Cs` finds only lone surrogates.
 */
const REFUSED_CHARACTER: Readonly<Record<TextLayout, RegExp>> = {
  text: /\p{Cs}|(?![\t\n\r])\p{Cc}|\r(?!\n)/u,
  line: /\p{Cs}|\p{Cc}|[\u2028\u2029]/u,
};

/**
 * Refuses a string parameter that holds a character GWS should not be sent (see
 * {@link REFUSED_CHARACTER}), or more than `maxLength` characters. Characters are code points, as
 * a person counts them (one emoji is one): GWS documents no unit for a length, nor any limit.
 * @param argument the parameter as the client named it, for the message.
 */
export function assertText(
  argument: string,
  value: string,
  layout: TextLayout,
  maxLength: number,
): void {
  const refused = REFUSED_CHARACTER[layout].exec(value);
  if (refused) {
    const character = refused[0].codePointAt(0) as number;
    const at = `${codePoint(character)} at character ${codePointCount(value.slice(0, refused.index)) + 1}`;
    const problem =
      character >= 0xd800 && character <= 0xdfff
        ? `must not hold a lone surrogate (${at}), half of a pair that encodes one character`
        : layout === 'line'
          ? `must be one line, with no tabs or control characters: it holds ${at}`
          : `must not hold the control character ${at}; a text may hold tabs, line feeds and CR LF`;
    throw new GwsError('invalid_input', `${argument} ${problem}.`);
  }
  // A code point takes one or two UTF-16 units: a value no longer in units is short enough.
  if (value.length > maxLength && codePointCount(value) > maxLength) {
    throw new GwsError('invalid_input', `${argument} must be at most ${maxLength} characters.`);
  }
}

/** The code points of a string, a lone surrogate counting as one. */
function codePointCount(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index += 1) {
    const unit = value.charCodeAt(index);
    const next = value.charCodeAt(index + 1);
    // A high surrogate followed by a low one: one code point in two units.
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) index += 1;
    count += 1;
  }
  return count;
}

/** `U+000A`, as Unicode writes a code point. */
function codePoint(character: number): string {
  return `U+${character.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Interaction Server ids are short alphanumeric strings (`0000Na9B26EF002X`). Anything else could
 * change the meaning of the upstream path, so it never leaves the gateway.
 */
const SESSION_ID = /^[A-Za-z0-9]{1,64}$/;

/** The resources GWS accepts as an invite, consult or transfer target. */
const TARGET_RESOURCES = ['users', 'queues', 'contacts'] as const;
const RESOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const TARGET_PATH = new RegExp(`^/(${TARGET_RESOURCES.join('|')})/([A-Za-z0-9_-]{1,128})$`);
const MAX_URI_LENGTH = 2048;

/** GWS's media channel names (`voice`, `chat`, `sms`, `im-session`…): they go into a URL path. */
const CHANNEL_NAME = /^[A-Za-z0-9-]{1,64}$/;

export function assertChannelName(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) {
    throw new GwsError(
      'invalid_input',
      'Invalid channel: expected 1 to 64 letters, digits or hyphens (such as sms).',
    );
  }
}

export function assertSessionId(id: string): void {
  if (!SESSION_ID.test(id)) {
    throw new GwsError(
      'invalid_input',
      'Invalid SMS session id: expected 1 to 64 letters or digits.',
    );
  }
}

/**
 * A target URI is sent to GWS in a request body, never called by the gateway; it must still name
 * a GWS user, queue or contact (`http(s)://host[:port][/prefix]/api/v2/{users|queues|contacts}/{id}`).
 */
export function assertTargetUri(targetUri: string): void {
  const invalid = (reason: string): GwsError =>
    new GwsError('invalid_input', `Invalid targetUri: ${reason}.`);
  assertText('targetUri', targetUri, 'line', MAX_URI_LENGTH);
  if (/\s/.test(targetUri)) throw invalid('contains white space');
  let url: URL;
  try {
    url = new URL(targetUri);
  } catch {
    throw invalid('not an absolute URI');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('not http(s)');
  if (url.username || url.password) throw invalid('must not carry credentials');
  if (url.search || url.hash) throw invalid('must not carry a query or fragment');
  const segments = url.pathname.split('/');
  const id = segments.at(-1) ?? '';
  const resource = segments.at(-2) ?? '';
  const api = segments.slice(-4, -2).join('/');
  if (
    api !== 'api/v2' ||
    !(TARGET_RESOURCES as readonly string[]).includes(resource) ||
    !RESOURCE_ID.test(id)
  ) {
    throw invalid('expected …/api/v2/users/{id}, …/api/v2/queues/{id} or …/api/v2/contacts/{id}');
  }
}

export function assertTargetPath(targetPath: string): void {
  if (!TARGET_PATH.test(targetPath)) {
    throw new GwsError(
      'invalid_input',
      'Invalid targetPath: expected /users/{id}, /queues/{id} or /contacts/{id}.',
    );
  }
}

/** GWS paging: startIndex is 1-based (0 means 1), count 0 means all. */
export function assertMessagePaging(
  startIndex: number | undefined,
  count: number | undefined,
): void {
  for (const [name, value] of [
    ['startIndex', startIndex],
    ['count', count],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new GwsError('invalid_input', `Invalid ${name}: expected a whole number of 0 or more.`);
    }
  }
}
