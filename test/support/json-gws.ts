import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { GwsClient } from '../../src/gws/index.js';

export interface JsonGws {
  url: string;
  /** How many requests it has answered. */
  requests(): number;
  /** A client of this GWS, as the gateway makes it. */
  client(): GwsClient;
  close(): Promise<void>;
}

/**
 * A stand-in GWS for behaviour the simulator does not play: each request is answered with the
 * status and JSON body `answer` gives for it.
 */
export async function startJsonGws(
  answer: (request: http.IncomingMessage) => [status: number, body: unknown],
): Promise<JsonGws> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    const [status, body] = answer(request);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
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
        logger: pino({ level: 'silent' }),
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
