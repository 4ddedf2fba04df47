import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { GwsClient } from '../../src/gws/index.js';
import { TEST_GWS_CLIENT_SETTINGS } from './gws-client.js';

export interface JsonGws {
  url: string;
  /** How many requests it has answered. */
  requests(): number;
  /** A client of this GWS, as the gateway makes it. */
  client(): GwsClient;
  close(): Promise<void>;
}

/** An answer: JSON unless the body is given as text, with any extra headers. */
export type JsonGwsAnswer =
  | [status: number, body: unknown]
  | [status: number, body: unknown, headers: Record<string, string>];

/**
 * A stand-in GWS for behaviour the simulator does not play: each request is answered with the
 * status and body `answer` gives for it and its parsed JSON body (undefined without one). A body
 * given as a string is sent as it is, as text/html: an answer that is no GWS answer.
 */
export async function startJsonGws(
  answer: (request: http.IncomingMessage, body: unknown) => JsonGwsAnswer,
): Promise<JsonGws> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const [status, body, headers = {}] = answer(request, parsed);
      const html = typeof body === 'string';
      response.writeHead(status, {
        'content-type': html ? 'text/html' : 'application/json',
        ...headers,
      });
      response.end(html ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests: () => requests,
    client: () =>
      new GwsClient({
        baseUrl: url,
        timeoutMs: 2_000,
        sessionIdleTtlMs: 60_000,
        maxAgentSessions: 10,
        ...TEST_GWS_CLIENT_SETTINGS,
        logger: pino({ level: 'silent' }),
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
