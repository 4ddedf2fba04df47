import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import type net from 'node:net';
import { CREDENTIALS_CHALLENGE, type Refusal } from '../core/index.js';

export const JSON_CONTENT = { 'content-type': 'application/json; charset=utf-8' };

/** A request refused before its body was used, answered with this status and a plain message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The client closed its connection before its request was read: nothing to answer, and no fault
 * of the gateway's, however many clients do it.
 */
export class ClientGoneError extends Error {
  constructor(options?: ErrorOptions) {
    super('The client closed the connection before its request body ended', options);
  }
}

/**
 * A body past the limit is still read to its end, up to this much more, so the 413 reaches a
 * client that is still sending (closing on unread data resets the connection, answer and all).
 * Beyond it the connection is dropped.
 */
const MAX_DISCARDED_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The request body parsed as JSON when it says it is JSON, else its text; bounded in size.
 * @throws HttpError 413 past `maxBytes`, 400 for JSON that does not parse.
 */
export async function readJsonBody(
  request: http.IncomingMessage,
  maxBytes: number,
): Promise<unknown> {
  if (request.method !== 'POST') return undefined;
  const text = await readText(request, maxBytes);
  if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

/**
 * The whole body as UTF-8 text.
 * @throws HttpError 413 past `maxBytes`: once the body ends, or at once (the request destroyed,
 *   connection and all) past `maxBytes` + {@link MAX_DISCARDED_BODY_BYTES}.
 * @throws ClientGoneError when the connection closes before the body ends.
 */
function readText(request: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => new HttpError(413, `Request body larger than ${maxBytes} bytes`);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes + MAX_DISCARDED_BODY_BYTES) {
        finish();
        request.destroy();
        reject(tooLarge());
        return;
      }
      if (size <= maxBytes) chunks.push(chunk);
    };
    const onEnd = () => {
      finish();
      if (size > maxBytes) reject(tooLarge());
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    // Node fails a request whose connection closes mid-body with ECONNRESET ("aborted"), then
    // closes it: either way the client went away.
    const onError = (error: Error) => {
      finish();
      reject(new ClientGoneError({ cause: error }));
    };
    const onClose = () => {
      finish();
      reject(new ClientGoneError());
    };
    const finish = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

export function sendText(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/**
 * Signals aborted when the client closes its request before the answer is written: one per
 * connection, not one per request, as the requests of a connection are answered one after the
 * other and an answer cut off before its end means the connection is gone.
 */
export class ClientGoneSignals {
  private readonly aborts = new WeakMap<net.Socket, AbortController>();

  /** The signal for the request answered by `response`. */
  of(response: http.ServerResponse): AbortSignal {
    const { socket } = response.req;
    let clientGone = this.aborts.get(socket);
    if (!clientGone) {
      clientGone = operationAbort();
      this.aborts.set(socket, clientGone);
    }
    const abort = clientGone;
    response.once('close', () => {
      if (response.writableFinished) return;
      this.aborts.delete(socket);
      abort.abort();
    });
    return abort.signal;
  }
}

/**
 * An abort for one operation's upstream work. Each upstream call of the operation listens to its
 * signal while the call runs, as many at once as the execution budget allows, so Node's warning
 * past 10 listeners would only be noise.
 */
export function operationAbort(): AbortController {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  return abort;
}

/**
 * The HTTP answer to a refusal: its status, its headers ({@link refusalHeaders}) and its error.
 */
export function refusalAnswer(refusal: Refusal): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  return {
    status: refusal.httpStatus ?? 400,
    headers: { ...JSON_CONTENT, ...refusalHeaders(refusal) },
    body: JSON.stringify({ errors: [refusal.error.toJSON()] }),
  };
}

/** A refusal's own headers: `Retry-After` when it says when, the challenge of a 401. */
export function refusalHeaders({ httpStatus, retryAfter }: Refusal): Record<string, string> {
  return {
    ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
    ...(httpStatus === 401 ? { 'www-authenticate': CREDENTIALS_CHALLENGE } : {}),
  };
}
