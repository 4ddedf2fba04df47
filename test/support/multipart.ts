import http from 'node:http';
import { StreamedResponse, type GraphQLError } from './streamed-response.js';
import type { ReceivedEvent } from './subscriber.js';

/** The media range Apollo Client's HttpLink asks for on a subscription. */
export const MULTIPART_ACCEPT =
  'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json';

/**
 * One multipart HTTP subscription (Apollo's protocol) read as the raw body: its parts split at
 * the boundary the answer names, heartbeats counted, payloads' events and errors recorded.
 */
export class MultipartSubscription extends StreamedResponse {
  /** Errors inside payloads (`{"payload": {"errors": …}}`). */
  readonly errors: GraphQLError[] = [];
  /** The transport's errors (`{"payload": null, "errors": …}`). */
  readonly transportErrors: GraphQLError[] = [];
  /** Every part, parsed, in order. */
  readonly parts: unknown[] = [];
  heartbeats = 0;
  /** Whether the body reached its close delimiter. */
  closed = false;
  ended = false;

  private constructor(request: http.ClientRequest) {
    super(request);
  }

  /** Opens the subscription; resolves with its status, headers and, if it is no stream, body. */
  static open(
    url: string,
    {
      authorization,
      body,
      headers = {},
      method = 'POST',
    }: {
      authorization?: string;
      body?: unknown;
      headers?: Record<string, string>;
      method?: 'POST' | 'GET';
    },
  ): Promise<{
    subscription: MultipartSubscription;
    status: number;
    headers: http.IncomingHttpHeaders;
    body?: string;
  }> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method,
        agent: false,
        headers: {
          accept: MULTIPART_ACCEPT,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...(authorization ? { authorization } : {}),
          ...headers,
        },
      });
      const subscription = new MultipartSubscription(request);
      request.on('error', reject);
      request.on('response', (response) => {
        subscription.response = response;
        const status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        const type = String(response.headers['content-type']);
        if (!type.startsWith('multipart/mixed')) {
          let text = '';
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ subscription, status, headers: response.headers, body: text }),
          );
          return;
        }
        const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1] ?? '-';
        const delimiter = `\r\n--${boundary}`;
        let buffer = '';
        let started = false;
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let at: number;
          while ((at = buffer.indexOf(delimiter)) >= 0) {
            const part = buffer.slice(0, at);
            buffer = buffer.slice(at + delimiter.length);
            // What comes before the first delimiter is the preamble.
            if (started) subscription.receive(part);
            started = true;
          }
          if (started && buffer.startsWith('--')) subscription.closed = true;
        });
        response.on('close', () => (subscription.ended = true));
        resolve({ subscription, status, headers: response.headers });
      });
      request.end(method === 'POST' ? JSON.stringify(body) : undefined);
    });
  }

  private receive(part: string): void {
    const split = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, split).toLowerCase();
    if (!headers.includes('content-type: application/json')) {
      throw new Error(`a part without JSON content: ${JSON.stringify(part)}`);
    }
    const parsed = JSON.parse(part.slice(split + 4)) as {
      payload?: { data?: { smsSessionEvents?: ReceivedEvent }; errors?: GraphQLError[] } | null;
      errors?: GraphQLError[];
    };
    this.parts.push(parsed);
    if (Object.keys(parsed).length === 0) {
      this.heartbeats += 1;
      return;
    }
    if (parsed.payload === null) this.transportErrors.push(...(parsed.errors ?? []));
    const event = parsed.payload?.data?.smsSessionEvents;
    if (event) this.events.push(event);
    if (parsed.payload?.errors) this.errors.push(...parsed.payload.errors);
  }
}
