/** Reading requests and writing replies the way GWS does: JSON bodies with a statusCode. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { WireEnvelope } from '../src/gws/wire.js';

/** GWS statusCodes the simulator answers with (reference §3). */
export const StatusCode = {
  ok: 0,
  missingParameter: 1,
  invalidForState: 2,
  internalError: 4,
  notFound: 6,
  partialSuccess: 7,
  invalidInput: 10,
  notAuthenticated: 20,
} as const;

/** A refusal: non-zero statusCode with its statusMessage and nothing else, as GWS replies. */
export interface Rejection extends WireEnvelope {
  statusMessage: string;
}

export function rejection(statusCode: number, statusMessage: string): Rejection {
  return { statusCode, statusMessage };
}

export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && 'statusMessage' in value;
}

/** GWS answers most refusals with HTTP 200; these statusCodes come with an HTTP error status. */
const HTTP_STATUS_BY_STATUS_CODE: Readonly<Record<number, number>> = {
  [StatusCode.notFound]: 404,
  [StatusCode.invalidInput]: 400,
  [StatusCode.notAuthenticated]: 401,
};

export function sendEnvelope<Envelope extends WireEnvelope>(
  response: ServerResponse,
  body: Envelope,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(response, HTTP_STATUS_BY_STATUS_CODE[body.statusCode] ?? 200, body, headers);
}

export function sendJson(
  response: ServerResponse,
  httpStatus: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const json = JSON.stringify(body);
  response.writeHead(httpStatus, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
  });
  response.end(json);
}

export function sendText(
  response: ServerResponse,
  httpStatus: number,
  text: string,
  contentType = 'text/plain',
  headers: OutgoingHttpHeaders = {},
): void {
  response.writeHead(httpStatus, {
    ...headers,
    'Content-Type': `${contentType}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Bodies are small JSON documents; anything bigger is refused rather than buffered. */
const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * The whole body as text. Read through events rather than an async iterator: every CometD
 * long-poll passes here, a thousand a second with the load agents.
 * @throws BodyTooLargeError past MAX_BODY_BYTES; the rest of the body is not read.
 */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', reject);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      stop();
      request.destroy();
      reject(new BodyTooLargeError(`body exceeds ${MAX_BODY_BYTES} bytes`));
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onClose = (): void => {
      stop();
      reject(new Error('the request closed before its body ended'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', reject);
    request.on('close', onClose);
  });
}

/** The body parsed as JSON, or undefined when it is not JSON at all. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
