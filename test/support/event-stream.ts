import http from 'node:http';
import { StreamedResponse, type GraphQLError } from './streamed-response.js';
import type { ReceivedEvent } from './subscriber.js';

/**
 * One GraphQL over Server-Sent Events request (graphql-sse's distinct connections mode) read as
 * raw `text/event-stream`, recording the events of an smsSessionEvents subscription.
 */
export class EventStream extends StreamedResponse {
  /** The `id` field of each of `events`' messages, index for index (undefined without one). */
  readonly eventIds: (string | undefined)[] = [];
  readonly errors: GraphQLError[] = [];
  completed = false;
  ended = false;

  private constructor(request: http.ClientRequest) {
    super(request);
  }

  /** Opens the stream; resolves with its HTTP status, headers and, if it is not a stream, body. */
  static open(
    url: string,
    {
      authorization,
      body,
      headers = {},
    }: { authorization?: string; body: unknown; headers?: Record<string, string> },
  ): Promise<{
    stream: EventStream;
    status: number;
    headers: http.IncomingHttpHeaders;
    body?: string;
  }> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: 'POST',
        agent: false,
        headers: {
          accept: 'text/event-stream',
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
          ...headers,
        },
      });
      const stream = new EventStream(request);
      request.on('error', reject);
      request.on('response', (response) => {
        stream.response = response;
        const status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        if (!String(response.headers['content-type']).startsWith('text/event-stream')) {
          let text = '';
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ stream, status, headers: response.headers, body: text }),
          );
          return;
        }
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            stream.receive(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        response.on('close', () => (stream.ended = true));
        resolve({ stream, status, headers: response.headers });
      });
      request.end(JSON.stringify(body));
    });
  }

  private receive(message: string): void {
    let event = '';
    let data = '';
    let id: string | undefined;
    for (const line of message.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      if (line.startsWith('id:')) id = line.slice(3).trim();
      if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'complete') this.completed = true;
    if (event !== 'next') return;
    const result = JSON.parse(data) as {
      data?: { smsSessionEvents: ReceivedEvent } | null;
      errors?: GraphQLError[];
    };
    if (result.data?.smsSessionEvents) {
      this.events.push(result.data.smsSessionEvents);
      this.eventIds.push(id);
    }
    if (result.errors) this.errors.push(...result.errors);
  }
}
