import type http from 'node:http';
import type { GraphQLError } from 'graphql';

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
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = () => new HttpError(413, `Request body larger than ${maxBytes} bytes`);
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Leaving the loop early destroys the request, connection and all.
    if (size > maxBytes + MAX_DISCARDED_BODY_BYTES) throw tooLarge();
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw tooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

export function sendText(response: http.ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** A signal aborted when the client closes its request before the answer is written. */
export function clientGoneSignal(response: http.ServerResponse): AbortSignal {
  const clientGone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) clientGone.abort();
  });
  return clientGone.signal;
}

/** The 429 answer to a caller past its rate limit: `Retry-After` and the RATE_LIMITED error. */
export function rateLimitedAnswer(limited: { error: GraphQLError; retryAfter: number }): {
  headers: Record<string, string>;
  body: string;
} {
  return {
    headers: { ...JSON_CONTENT, 'retry-after': String(limited.retryAfter) },
    body: JSON.stringify({ errors: [limited.error.toJSON()] }),
  };
}
