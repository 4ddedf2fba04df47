import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Cancellable, RequestCanceller } from '../../src/gws/cancellation.js';
import { HttpTransport } from '../../src/gws/transport.js';
import { waitFor } from '../support/wait.js';

/** A notification long-poll, as the stream sends it. */
const LONG_POLL = {
  method: 'POST',
  path: '/api/v2/notifications',
  headers: {},
  body: [],
  pool: 'notifications',
} as const;

/**
 * Starts `server` on a loopback port: `extras` with its URL, its connections opened and open, and
 * a close that ends every connection. Idle connections are kept long enough that only the client
 * closes them.
 */
async function listenCounting<TExtras extends object>(server: http.Server, extras: TExtras) {
  let opened = 0;
  let open = 0;
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    opened += 1;
    open += 1;
    socket.on('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...extras,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get opened() {
      return opened;
    },
    get open() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A peer that holds every request until the test releases it, counting its connections. */
async function startPeer() {
  const held: http.ServerResponse[] = [];
  return listenCounting(
    http.createServer((_request, response) => held.push(response)),
    {
      held,
      release(): void {
        for (const response of held.splice(0)) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end('{"statusCode":0}');
        }
      },
    },
  );
}

describe('HttpTransport', () => {
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let transport: HttpTransport | undefined;
  const open = (options: { maxSockets?: number; keepAliveIdleMs?: number } = {}) =>
    (transport = new HttpTransport({
      baseUrl: peer.url,
      timeoutMs: 5_000,
      maxResponseBytes: 1024,
      maxSockets: options.maxSockets ?? 64,
      keepAliveIdleMs: options.keepAliveIdleMs ?? 60_000,
      logger: pino({ level: 'silent' }),
    }));

  beforeEach(async () => {
    peer = await startPeer();
  });
  afterEach(async () => {
    transport?.close();
    transport = undefined;
    await peer.close();
  });

  it('opens no more REST connections than maxSockets; the other requests wait their turn', async () => {
    const client = open({ maxSockets: 2 });
    const answers = Array.from({ length: 6 }, () =>
      client.request({ method: 'GET', path: '/api/v2/me', headers: {} }),
    );
    let answered = 0;
    while (answered < 6) {
      await waitFor(() => peer.held.length > 0);
      answered += peer.held.length;
      peer.release();
    }
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual(Array(6).fill(200));
    expect(peer.opened).toBe(2);
  });

  it('keeps notification long-polls off the capped REST connections', async () => {
    const client = open({ maxSockets: 1 });
    const poll = client.request(LONG_POLL);
    const read = client.request({ method: 'GET', path: '/api/v2/me', headers: {} });
    await waitFor(() => peer.held.length === 2);
    peer.release();
    await Promise.all([poll, read]);
  });

  it('closes an idle pooled connection after keepAliveIdleMs', async () => {
    const client = open({ keepAliveIdleMs: 200 });
    const answer = client.request({ method: 'GET', path: '/api/v2/me', headers: {} });
    await waitFor(() => peer.held.length === 1);
    peer.release();
    await answer;
    expect(peer.open).toBe(1);
    await waitFor(() => peer.open === 0);
  });

  it('lets a request GWS holds outlast keepAliveIdleMs: only idle connections expire', async () => {
    const client = open({ keepAliveIdleMs: 100 });
    const poll = client.request(LONG_POLL);
    await waitFor(() => peer.held.length === 1);
    const heldSince = Date.now();
    // Held well past the idle timeout before it is answered.
    await waitFor(() => Date.now() - heldSince > 500);
    peer.release();
    expect((await poll).status).toBe(200);
  });

  it('gives up at once, as cancelled, when the caller aborts', async () => {
    const client = open();
    const caller = new AbortController();
    const answer = client.request({
      method: 'GET',
      path: '/api/v2/me',
      headers: {},
      signal: caller.signal,
    });
    await waitFor(() => peer.held.length === 1);
    caller.abort();
    await expect(answer).rejects.toMatchObject({ kind: 'cancelled' });
    await waitFor(() => peer.open === 0);
  });

  it('sends nothing for a caller that has already gone', async () => {
    const client = open();
    const request = { method: 'POST' as const, path: '/api/v2/me', headers: {}, body: { a: 1 } };
    await expect(client.request({ ...request, signal: AbortSignal.abort() })).rejects.toMatchObject(
      { kind: 'cancelled' },
    );
    expect(peer.opened).toBe(0);
  });

  describe('long-polls', () => {
    it('give up as unavailable once their own time limit has passed, and close the connection', async () => {
      const client = open();
      const poll = client.request({ ...LONG_POLL, timeoutMs: 200 });
      await waitFor(() => peer.held.length === 1);
      await expect(poll).rejects.toMatchObject({
        kind: 'unavailable',
        message: 'GWS did not answer within 200 ms.',
      });
      await waitFor(() => peer.open === 0);
    });

    it('give up at once, as cancelled, when the stream aborts them; none is sent when it already has', async () => {
      const client = open();
      const stream = new AbortController();
      const poll = client.request({ ...LONG_POLL, signal: stream.signal });
      await waitFor(() => peer.held.length === 1);
      stream.abort();
      await expect(poll).rejects.toMatchObject({ kind: 'cancelled' });
      await waitFor(() => peer.open === 0);
      await expect(client.request({ ...LONG_POLL, signal: stream.signal })).rejects.toMatchObject({
        kind: 'cancelled',
      });
      expect(peer.held).toHaveLength(1);
    });

    it('sent one after another from the answer callback ride one connection', async () => {
      const client = open();
      const statuses: number[] = [];
      const polled = new Promise<void>((resolve) => {
        const poll = () =>
          client.send(LONG_POLL, (_error, response) => {
            statuses.push(response?.status ?? 0);
            if (statuses.length < 3) poll();
            else resolve();
          });
        poll();
      });
      for (let round = 0; round < 3; round += 1) {
        await waitFor(() => peer.held.length === 1);
        peer.release();
      }
      await polled;
      expect(statuses).toEqual([200, 200, 200]);
      expect(peer.opened).toBe(1);
    });

    it('give up at once, as cancelled, when their canceller cancels; it is told of each request in flight', async () => {
      const client = open();
      let inFlight: Cancellable | undefined;
      let cancelled = false;
      const canceller: RequestCanceller = {
        get cancelled() {
          return cancelled;
        },
        inFlight: (request) => (inFlight = request),
      };
      const ended = new Promise<unknown>((resolve) =>
        client.send({ ...LONG_POLL, canceller }, (error) => resolve(error)),
      );
      await waitFor(() => peer.held.length === 1);
      cancelled = true;
      inFlight?.cancel();
      expect(await ended).toMatchObject({ kind: 'cancelled' });
      expect(inFlight).toBeUndefined();
      await waitFor(() => peer.open === 0);
      const refused = new Promise<unknown>((resolve) =>
        client.send({ ...LONG_POLL, canceller }, (error) => resolve(error)),
      );
      expect(await refused).toMatchObject({ kind: 'cancelled' });
      expect(peer.held).toHaveLength(1);
    });

    it('read answers within maxResponseBytes only, and carry status, headers and cookies', async () => {
      const client = open();
      const small = client.request(LONG_POLL);
      await waitFor(() => peer.held.length === 1);
      const [held] = peer.held.splice(0);
      held?.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      held?.end('[{"channel":"/meta/connect","successful":true}]');
      expect(await small).toMatchObject({
        status: 200,
        setCookies: ['a=1', 'b=2'],
        body: '[{"channel":"/meta/connect","successful":true}]',
      });
      expect((await small).headers.get('Content-Type')).toBe('application/json');

      const large = client.request(LONG_POLL);
      await waitFor(() => peer.held.length === 1);
      peer.held.splice(0)[0]?.end('x'.repeat(4096));
      await expect(large).rejects.toMatchObject({
        kind: 'unavailable',
        message: 'GWS could not be reached (GWS answered with more than 1024 bytes).',
      });
    });
  });
});

/** A GWS stand-in answering each request with `answer`; counts requests and connections. */
async function startServer(
  answer: (request: http.IncomingMessage, response: http.ServerResponse) => void,
) {
  const requests: {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(request, response);
    });
  });
  return listenCounting(server, { requests });
}

describe('HttpTransport, REST requests', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let transport: HttpTransport | undefined;
  const open = (url: string, options: { timeoutMs?: number; baseUrlPath?: string } = {}) =>
    (transport = new HttpTransport({
      baseUrl: `${url}${options.baseUrlPath ?? ''}`,
      timeoutMs: options.timeoutMs ?? 5_000,
      maxResponseBytes: 1024,
      maxSockets: 4,
      keepAliveIdleMs: 60_000,
      logger: pino({ level: 'silent' }),
    }));
  const json =
    (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) =>
    (_request: http.IncomingMessage, response: http.ServerResponse) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };

  afterEach(async () => {
    transport?.close();
    transport = undefined;
    await server?.close();
    server = undefined;
  });

  it('sends the path below the base URL with its query, headers and JSON body', async () => {
    server = await startServer(json(200, { statusCode: 0 }));
    const client = open(server.url, { baseUrlPath: '/gws/' });
    const answer = await client.request({
      method: 'POST',
      path: '/api/v2/me/smssessions/a%2Fb',
      query: { fields: '*', startIndex: '2' },
      headers: { authorization: 'Basic eDp5', cookie: 'JSESSIONID=1' },
      body: { operationName: 'Invite' },
    });
    expect(answer).toMatchObject({ status: 200, body: '{"statusCode":0}' });
    expect(server.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/gws/api/v2/me/smssessions/a%2Fb?fields=*&startIndex=2',
        body: '{"operationName":"Invite"}',
        headers: expect.objectContaining({
          accept: 'application/json',
          'content-type': 'application/json',
          'content-length': '26',
          authorization: 'Basic eDp5',
          cookie: 'JSESSIONID=1',
        }),
      }),
    ]);
  });

  it('reads every Set-Cookie and any header by name, whatever its case', async () => {
    server = await startServer(
      json(
        200,
        { statusCode: 0 },
        { 'set-cookie': ['JSESSIONID=2; Path=/', 'LB=a; Path=/'], 'X-CSRF-Header': 'X-CSRF-TOKEN' },
      ),
    );
    const answer = await open(server.url).request({
      method: 'GET',
      path: '/api/v2/me',
      headers: {},
    });
    expect(answer.setCookies).toEqual(['JSESSIONID=2; Path=/', 'LB=a; Path=/']);
    expect(answer.headers.get('X-Csrf-Header')).toBe('X-CSRF-TOKEN');
    expect(answer.headers.get('x-absent')).toBeNull();
  });

  it('answers a redirect as it is, without following it', async () => {
    server = await startServer(json(302, {}, { location: 'http://elsewhere.example/' }));
    const answer = await open(server.url).request({
      method: 'GET',
      path: '/api/v2/me',
      headers: {},
    });
    expect(answer.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an answer larger than maxResponseBytes as unavailable', async () => {
    server = await startServer(json(200, { statusCode: 0, padding: 'x'.repeat(2_000) }));
    await expect(
      open(server.url).request({ method: 'GET', path: '/api/v2/me', headers: {} }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('1024 bytes'),
    });
  });

  it('gives up on an answer that does not come within the timeout, and drops its connection', async () => {
    // Holds every request: never answers.
    server = await startServer(() => undefined);
    const client = open(server.url, { timeoutMs: 200 });
    await expect(
      client.request({ method: 'GET', path: '/api/v2/me', headers: {} }),
    ).rejects.toMatchObject({ kind: 'unavailable', message: 'GWS did not answer within 200 ms.' });
    // Sent once: a deadline passed is not a connection reset.
    expect(server.requests).toHaveLength(1);
    await waitFor(() => server?.open === 0);
  });

  it('reads an answer that came in time though a busy process finds its deadline passed first', async () => {
    // The answer is written, then the process stays busy past the deadline: when it comes round,
    // the deadline's timer and the answer's bytes are both due, and timers run first.
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"statusCode":0}');
      const busyUntil = Date.now() + 1_500;
      while (Date.now() < busyUntil);
    });
    // Long enough that a loaded machine has the request answered before the deadline passes.
    const answer = await open(server.url, { timeoutMs: 1_000 }).request({
      method: 'GET',
      path: '/api/v2/me',
      headers: {},
    });
    expect(answer).toMatchObject({ status: 200, body: '{"statusCode":0}' });
  });

  it('gives up on a body that stops coming within the timeout', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"statusCode":');
    });
    await expect(
      open(server.url, { timeoutMs: 200 }).request({
        method: 'GET',
        path: '/api/v2/me',
        headers: {},
      }),
    ).rejects.toMatchObject({ kind: 'unavailable', message: 'GWS did not answer within 200 ms.' });
    expect(server.requests).toHaveLength(1);
  });

  it('sends a GET once more on a fresh connection when GWS resets the pooled one', async () => {
    let resets = 1;
    server = await startServer((request, response) => {
      if (resets > 0) {
        resets -= 1;
        request.socket.destroy();
        return;
      }
      json(200, { statusCode: 0 })(request, response);
    });
    const answer = await open(server.url).request({
      method: 'GET',
      path: '/api/v2/me',
      headers: {},
    });
    expect(answer.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(server.opened).toBe(2);
  });

  it('never sends a POST twice, even when GWS resets its connection', async () => {
    server = await startServer((request) => request.socket.destroy());
    await expect(
      open(server.url).request({ method: 'POST', path: '/api/v2/me', headers: {}, body: {} }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'GWS could not be reached (ECONNRESET).',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('fails as unavailable, naming the cause, when nothing listens', async () => {
    server = await startServer(json(200, { statusCode: 0 }));
    const { url } = server;
    await server.close();
    server = undefined;
    await expect(
      open(url).request({ method: 'GET', path: '/api/v2/me', headers: {} }),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'GWS could not be reached (ECONNREFUSED).',
    });
  });
});
