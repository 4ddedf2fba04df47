/** Reading requests and writing replies the way GWS does: JSON bodies with a statusCode. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { WireEnvelope } from '../gws/wire.js';

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

export function sendText(response: ServerResponse, httpStatus: number, text: string): void {
  response.writeHead(httpStatus, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Bodies are small JSON documents; anything bigger is refused rather than buffered. */
const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body parsed as JSON, or undefined when it is not JSON at all. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
