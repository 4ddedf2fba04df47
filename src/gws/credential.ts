import { GwsError } from './errors.js';

/** An agent's Basic credential, decoded, with the one spelling the gateway sends upstream. */
export interface BasicCredential {
  /** `Basic <base64 of user:password>`, canonical however the client spelled it. */
  readonly header: string;
  readonly userName: string;
  /** `user:password`, what every per-agent resource is keyed on (by a keyed hash). */
  readonly decoded: string;
}

/**
 * RFC 7235 credentials: a case-insensitive scheme, then a token68, with optional whitespace
 * around both. Bounded so a huge header cannot cost more than a look.
 */
const AUTHORIZATION =
  /^[\t ]*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)[\t ]+([A-Za-z0-9+/]+)(=*)[\t ]*$/;
const MAX_AUTHORIZATION_LENGTH = 4_096;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The Basic credential of an `Authorization` value (RFC 7617: base64 of `user:password` in UTF-8).
 * Written here rather than taken from `basic-auth`, which decodes leniently: non-canonical base64
 * and bytes that are not UTF-8 (each turned into U+FFFD) decode, so two different credentials can
 * decode to one text, and the decoded text is what the agent's key, and with it the agent's
 * upstream session, is made from. It also takes only spaces around the scheme, where RFC 7235
 * allows tabs. `test/gws/client.test.ts` pins each of these cases.
 * @throws GwsError `unauthenticated` when the value is missing or not a well-formed Basic credential.
 */
export function parseBasicCredential(authorization: string | undefined): BasicCredential {
  if (!authorization?.trim()) throw new GwsError('unauthenticated', 'Credentials are required.');
  const match =
    authorization.length <= MAX_AUTHORIZATION_LENGTH ? AUTHORIZATION.exec(authorization) : null;
  const [, scheme = '', encoded = '', padding = ''] = match ?? [];
  if (scheme.toLowerCase() !== 'basic') {
    throw new GwsError('unauthenticated', 'Expected an Authorization header of the Basic scheme.');
  }
  const decoded = decodeBase64(encoded, padding);
  const colon = decoded?.indexOf(':') ?? -1;
  if (decoded === undefined || colon < 1) {
    throw new GwsError('unauthenticated', 'The Basic credential is not base64 of user:password.');
  }
  return {
    header: `Basic ${Buffer.from(decoded, 'utf8').toString('base64')}`,
    userName: decoded.slice(0, colon),
    decoded,
  };
}

/** Strict base64 (padding optional but never wrong); undefined unless it decodes to UTF-8 text. */
function decodeBase64(encoded: string, padding: string): string | undefined {
  const expectedPadding = (4 - (encoded.length % 4)) % 4;
  if (expectedPadding === 3 || (padding !== '' && padding.length !== expectedPadding)) {
    return undefined;
  }
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer ignores stray bits; re-encoding tells a canonical encoding from a lenient one.
  if (bytes.toString('base64').replace(/=+$/, '') !== encoded) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
