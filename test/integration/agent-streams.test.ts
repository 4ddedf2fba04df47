import WebSocket from 'ws';
import { EventStream } from '../support/event-stream.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { EVENTS_QUERY } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

/** How a graphql-ws connection ended its handshake: acknowledged, or closed with a code. */
type Handshake =
  { acked: true; socket: WebSocket } | { acked: false; code: number; reason: string };

/** Opens a graphql-ws connection and sends `connection_init` with the agent's credential. */
function openSocket(url: string, authorization: string): Promise<Handshake> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { Authorization: authorization } }),
      ),
    );
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') {
        resolve({ acked: true, socket });
      }
    });
    socket.once('close', (code, reason) => resolve({ acked: false, code, reason: String(reason) }));
  });
}

/** Opens an event stream of the agent's session events. */
async function openStream(url: string, authorization: string) {
  const opened = await EventStream.open(`${url}/stream`, {
    authorization,
    body: { query: EVENTS_QUERY },
  });
  streams.push(opened.stream);
  return opened;
}

const sockets: WebSocket[] = [];
const streams: EventStream[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const stream of streams.splice(0)) stream.close();
});

const TESTNAME = basic('testname');
const BFRIEND = basic('bfriend');

describe('MAX_STREAMS_PER_AGENT', () => {
  describe('set to 3', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { MAX_STREAMS_PER_AGENT: '3' } });
    });
    afterAll(() => stack.close());

    it('refuses an agent’s 4th connection on each transport, not another agent’s, and takes one again once one closes', async () => {
      const first = await openSocket(stack.url, TESTNAME);
      expect(first.acked).toBe(true);
      expect((await openSocket(stack.url, TESTNAME)).acked).toBe(true);
      const stream = await openStream(stack.url, TESTNAME);
      expect(stream.status).toBe(200);

      expect(await openSocket(stack.url, TESTNAME)).toEqual({
        acked: false,
        code: 1013,
        reason: expect.stringMatching(/too many connections for this agent/i),
      });
      const refused = await openStream(stack.url, TESTNAME);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const [error] = (
        JSON.parse(refused.body ?? '{}') as {
          errors: { message: string; extensions: Record<string, unknown> }[];
        }
      ).errors;
      expect(error?.message).toMatch(/too many connections for this agent/i);
      expect(error?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfter: expect.any(Number),
      });

      expect((await openSocket(stack.url, BFRIEND)).acked).toBe(true);
      expect((await openStream(stack.url, BFRIEND)).status).toBe(200);

      // Each refusal above freed its place at once; a closed connection frees its own when the
      // gateway sees it close.
      if (first.acked) first.socket.close();
      let again: Handshake | undefined;
      await waitFor(async () => (again = await openSocket(stack.url, TESTNAME)).acked);
      expect(again?.acked).toBe(true);
      stream.stream.close();
      await waitFor(async () => (await openStream(stack.url, TESTNAME)).status === 200);
      expect((await openSocket(stack.url, TESTNAME)).acked).toBe(false);
    });
  });

  describe('by default', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(() => stack.close());

    it('refuses an agent’s 200th concurrent connection', async () => {
      // The first signs the agent in; the others then come at once.
      expect((await openStream(stack.url, TESTNAME)).status).toBe(200);
      const opened = await Promise.all(
        Array.from({ length: 198 }, () => openStream(stack.url, TESTNAME)),
      );
      const statuses = [200, ...opened.map(({ status }) => status)];
      expect(statuses.filter((status) => status === 200)).toHaveLength(32);
      expect(statuses.filter((status) => status === 429)).toHaveLength(199 - 32);
      expect(await openSocket(stack.url, TESTNAME)).toMatchObject({ acked: false, code: 1013 });
    });
  });
});
