import { GwsError } from './errors.js';

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
  if (targetUri.length > MAX_URI_LENGTH) throw invalid(`longer than ${MAX_URI_LENGTH} characters`);
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
