import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
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

/** A peer that holds every request until the test releases it, counting its connections. */
async function startPeer() {
  const held: http.ServerResponse[] = [];
  let opened = 0;
  let open = 0;
  const server = http.createServer((_request, response) => held.push(response));
  // Long enough that only the client can be the one closing an idle connection.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    opened += 1;
    open += 1;
    socket.on('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    get opened() {
      return opened;
    },
    get open() {
      return open;
    },
    release(): void {
      for (const response of held.splice(0)) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"statusCode":0}');
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
