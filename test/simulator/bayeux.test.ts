/**
 * The simulator's Bayeux server on its own, behind a bare HTTP server whose requests name their
 * owner in a header, with short timings: expiry, held and replaced long-polls, batching,
 * subscriptions and the answers CometD's clients rely on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BayeuxServer,
  MAX_QUEUED_MESSAGES,
  type BayeuxMessage,
  type BayeuxSession,
} from '../../simulator/bayeux.js';
import { send } from './gws-client.js';
import { waitFor } from '../support/wait.js';

const TIMINGS = { timeoutMs: 5_000, intervalMs: 0, maxIntervalMs: 200 };
const OWNER_HEADER = 'x-owner';
/** Longer than both the allowed pause and the server's sweep period (about a second). */
const HOLD_PAST_A_SWEEP_MS = 1_500;

let server: Server;
let bayeux: BayeuxServer<string>;
let url: string;
const sessions = new Map<string, BayeuxSession<string>>();
const removed = new Set<string>();
let nextId = 1;

beforeEach(async () => {
  sessions.clear();
  removed.clear();
  bayeux = new BayeuxServer<string>(
    {
      canHandshake: (owner) => owner !== 'refused',
      canSubscribe: (session, count) => session.subscriptions.length + count <= 2,
      added: (session) => sessions.set(session.id, session),
      subscribed: () => undefined,
      removed: (session) => removed.add(session.id),
    },
    TIMINGS,
  );
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const owner = request.headers[OWNER_HEADER];
      const messages = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BayeuxMessage[];
      bayeux.handle(typeof owner === 'string' ? owner : undefined, messages, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  bayeux.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Reply extends Record<string, unknown> {
  channel: string;
}

async function post(
  messages: Record<string, unknown>[],
  owner = 'alice',
  signal?: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  const reply = await send(url, {
    method: 'POST',
    headers: { [OWNER_HEADER]: owner },
    body: JSON.stringify(messages.map((message) => ({ id: String(nextId++), ...message }))),
    ...(signal ? { signal } : {}),
  });
  return { status: reply.status, body: reply.body };
}

async function exchange(message: Record<string, unknown>, owner = 'alice'): Promise<Reply[]> {
  const reply = await post([message], owner);
  expect(reply.status).toBe(200);
  return reply.body as Reply[];
}

async function handshake(owner = 'alice'): Promise<string> {
  const [reply] = await exchange({ channel: '/meta/handshake', version: '1.0' }, owner);
  return reply?.clientId as string;
}

function connect(clientId: string, timeout?: number, owner = 'alice'): Promise<Reply[]> {
  return exchange(
    {
      channel: '/meta/connect',
      clientId,
      connectionType: 'long-polling',
      ...(timeout === undefined ? {} : { advice: { timeout } }),
    },
    owner,
  );
}

function subscribe(clientId: string, subscription: unknown): Promise<Reply[]> {
  return exchange({ channel: '/meta/subscribe', clientId, subscription });
}

/** Resolves once the session holds a /meta/connect. */
function held(clientId: string): Promise<void> {
  return waitFor(() => sessions.get(clientId)?.held !== undefined);
}

function publish(clientId: string, channel: string, ...data: unknown[]): void {
  const session = sessions.get(clientId);
  if (!session) throw new Error(`no session ${clientId}`);
  for (const item of data) {
    if (session.isSubscribed(channel)) {
      bayeux.deliver(session, JSON.stringify({ channel, data: item }));
    }
  }
  bayeux.flush(session);
}

const UNKNOWN_CONNECT = {
  channel: '/meta/connect',
  successful: false,
  error: '402::session_unknown',
  advice: { reconnect: 'handshake', interval: 0 },
};

describe('handshake', () => {
  it('answers with the clientId, version, connection types and advice, echoing the id', async () => {
    const reply = await post([{ channel: '/meta/handshake', version: '1.0' }]);
    expect(reply.body).toEqual([
      {
        id: String(nextId - 1),
        channel: '/meta/handshake',
        successful: true,
        clientId: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
        version: '1.0',
        supportedConnectionTypes: ['long-polling'],
        advice: { reconnect: 'retry', timeout: TIMINGS.timeoutMs, interval: 0 },
      },
    ]);
  });

  it('is denied by the policy with advice not to retry', async () => {
    const [reply] = await exchange({ channel: '/meta/handshake' }, 'refused');
    expect(reply).toEqual({
      id: expect.any(String) as unknown,
      channel: '/meta/handshake',
      successful: false,
      error: '403::handshake_denied',
      advice: { reconnect: 'none' },
    });
    expect(sessions.size).toBe(0);
  });

  it('is a protocol violation beside other messages', async () => {
    const reply = await post([{ channel: '/meta/handshake' }, { channel: '/meta/connect' }]);
    expect(reply.status).toBe(500);
    expect(sessions.size).toBe(0);
  });
});

describe('unknown clients', () => {
  it('get 402 with handshake advice on /meta/connect, without advice elsewhere', async () => {
    expect(await connect('nobody', 0)).toEqual([{ id: expect.any(String), ...UNKNOWN_CONNECT }]);
    const [subscribed] = await subscribe('nobody', '/a');
    expect(subscribed).toEqual({
      id: expect.any(String) as unknown,
      channel: '/meta/subscribe',
      successful: false,
      error: '402::session_unknown',
    });
  });

  it("include another owner's clients", async () => {
    const clientId = await handshake('alice');
    expect(await connect(clientId, 0, 'bob')).toMatchObject([UNKNOWN_CONNECT]);
    expect(await connect(clientId, 0, 'alice')).toMatchObject([{ successful: true }]);
  });
});

describe('long-polls', () => {
  it('answer at once with the advice when the client asks for no hold', async () => {
    const clientId = await handshake();
    expect(await connect(clientId, 0)).toEqual([
      {
        id: expect.any(String) as unknown,
        channel: '/meta/connect',
        successful: true,
        advice: { reconnect: 'retry', timeout: TIMINGS.timeoutMs, interval: 0 },
      },
    ]);
  });

  it('are held until a delivery, which comes with every message published together', async () => {
    const clientId = await handshake();
    await subscribe(clientId, '/v2/me/*');
    const poll = connect(clientId);
    await held(clientId);
    publish(clientId, '/v2/me/sms', { n: 1 }, { n: 2 });
    expect(await poll).toEqual([
      { channel: '/v2/me/sms', data: { n: 1 } },
      { channel: '/v2/me/sms', data: { n: 2 } },
      { id: expect.any(String) as unknown, channel: '/meta/connect', successful: true },
    ]);
  });

  it('are answered empty once the hold the client asked for has passed', async () => {
    const clientId = await handshake();
    expect(await connect(clientId, 50)).toMatchObject([
      { channel: '/meta/connect', successful: true },
    ]);
  });

  it('carry what was published while the client was not polling, at once', async () => {
    const clientId = await handshake();
    await subscribe(clientId, '/v2/me/sms');
    publish(clientId, '/v2/me/sms', { n: 1 });
    expect(await connect(clientId)).toEqual([
      { channel: '/v2/me/sms', data: { n: 1 } },
      { id: expect.any(String) as unknown, channel: '/meta/connect', successful: true },
    ]);
  });

  it('are replaced by a newer one of the same client, the older answered with HTTP 500', async () => {
    const clientId = await handshake();
    await subscribe(clientId, '/v2/me/sms');
    const first = post([{ channel: '/meta/connect', clientId }]);
    await held(clientId);
    const firstHeld = sessions.get(clientId)?.held;
    const second = connect(clientId);
    expect((await first).status).toBe(500);
    await waitFor(() => {
      const now = sessions.get(clientId)?.held;
      return now !== undefined && now !== firstHeld;
    });
    publish(clientId, '/v2/me/sms', { n: 1 });
    expect(await second).toMatchObject([{ data: { n: 1 } }, { successful: true }]);
  });

  it('keep what was published for the next poll when the client gives up on one', async () => {
    const clientId = await handshake();
    await subscribe(clientId, '/v2/me/sms');
    const abandoned = new AbortController();
    const poll = post([{ channel: '/meta/connect', clientId }], 'alice', abandoned.signal);
    await held(clientId);
    abandoned.abort();
    await expect(poll).rejects.toThrow();
    await waitFor(() => sessions.get(clientId)?.held === undefined);
    publish(clientId, '/v2/me/sms', { n: 1 });
    expect(await connect(clientId)).toMatchObject([{ data: { n: 1 } }, { successful: true }]);
  });
});

describe('expiry', () => {
  it('forgets a client that stops polling: its next poll is told to handshake', async () => {
    const clientId = await handshake();
    await waitFor(() => removed.has(clientId));
    expect(await connect(clientId, 0)).toMatchObject([UNKNOWN_CONNECT]);
  });

  it('spares a client while it holds a long-poll longer than the allowed pause', async () => {
    const clientId = await handshake();
    expect(await connect(clientId, HOLD_PAST_A_SWEEP_MS)).toMatchObject([{ successful: true }]);
    expect(removed.has(clientId)).toBe(false);
    expect(await connect(clientId, 0)).toMatchObject([{ successful: true }]);
  });

  it('drops a client that lets too many messages pile up', async () => {
    const clientId = await handshake();
    await subscribe(clientId, '/a');
    const session = sessions.get(clientId);
    if (!session) throw new Error('no session');
    for (let i = 0; i <= MAX_QUEUED_MESSAGES; i += 1) bayeux.deliver(session, '{"channel":"/a"}');
    expect(removed.has(clientId)).toBe(true);
    expect(await connect(clientId, 0)).toMatchObject([UNKNOWN_CONNECT]);
  });
});

describe('subscriptions', () => {
  it('match Bayeux wildcards: /* one segment more, /** any number', async () => {
    const clientId = await handshake();
    const [reply] = await subscribe(clientId, ['/v2/me/*', '/v2/users/**']);
    expect(reply).toEqual({
      id: expect.any(String) as unknown,
      channel: '/meta/subscribe',
      subscription: ['/v2/me/*', '/v2/users/**'],
      successful: true,
    });
    const session = sessions.get(clientId);
    expect(session?.isSubscribed('/v2/me/sms')).toBe(true);
    expect(session?.isSubscribed('/v2/me')).toBe(false);
    expect(session?.isSubscribed('/v2/me/sms/more')).toBe(false);
    expect(session?.isSubscribed('/v2/users/a/b')).toBe(true);
    expect(session?.isSubscribed('/v2/other')).toBe(false);
  });

  it('end on /meta/unsubscribe', async () => {
    const clientId = await handshake();
    await subscribe(clientId, '/v2/me/sms');
    const [reply] = await exchange({
      channel: '/meta/unsubscribe',
      clientId,
      subscription: '/v2/me/sms',
    });
    expect(reply).toMatchObject({ subscription: '/v2/me/sms', successful: true });
    expect(sessions.get(clientId)?.isSubscribed('/v2/me/sms')).toBe(false);
  });

  it('are refused when missing, on meta channels and past the policy', async () => {
    const clientId = await handshake();
    const refusal = async (subscription: unknown) =>
      (await subscribe(clientId, subscription))[0]?.error;
    expect(await refusal(undefined)).toBe('403::subscription_missing');
    expect(await refusal('/meta/connect')).toBe('403::subscribe_failed');
    expect(await refusal(['/a', '/b', '/c'])).toBe('403::subscribe_denied');
    expect(await refusal(['/a', '/b'])).toBeUndefined();
  });
});

describe('disconnect', () => {
  it('confirms, answers the held long-poll and forgets the client', async () => {
    const clientId = await handshake();
    const poll = connect(clientId);
    await held(clientId);
    const [reply] = await exchange({ channel: '/meta/disconnect', clientId });
    expect(reply).toMatchObject({ channel: '/meta/disconnect', successful: true });
    expect(await poll).toMatchObject([{ channel: '/meta/connect', successful: true }]);
    expect(removed.has(clientId)).toBe(true);
    expect(await connect(clientId, 0)).toMatchObject([UNKNOWN_CONNECT]);
  });

  it('from the server tells the held long-poll', async () => {
    const clientId = await handshake();
    const poll = connect(clientId);
    await held(clientId);
    const session = sessions.get(clientId);
    if (session) bayeux.disconnect(session);
    expect(await poll).toEqual([
      { successful: true, channel: '/meta/disconnect' },
      { id: expect.any(String) as unknown, channel: '/meta/connect', successful: true },
    ]);
  });
});

it('refuses publishing by clients and fails on unknown meta channels', async () => {
  const clientId = await handshake();
  const [reply] = await exchange({ channel: '/v2/me/sms', clientId, data: {} });
  expect(reply).toMatchObject({ successful: false, error: '403::publish_denied' });
  expect((await post([{ channel: '/meta/nothing', clientId }])).status).toBe(500);
});
