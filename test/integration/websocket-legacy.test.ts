import { SubscriptionClient } from 'subscriptions-transport-ws';
import WebSocket from 'ws';
import { LegacyConnection } from '../support/legacy-ws.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import {
  allReceiving,
  EVENTS_QUERY,
  hasText,
  Subscriber,
  type ReceivedEvent,
} from '../support/subscriber.js';
import { repeatUntil, waitFor } from '../support/wait.js';

/**
 * The legacy `graphql-ws` subprotocol on /graphql, as Apollo Kotlin 4 and Apollo iOS
 * (`.graphql_ws`) speak it by default: the same credential check, limits, fan-out and cursors as
 * graphql-transport-ws, and misuse answered in the protocol's own vocabulary.
 */

const SEED_SESSION = '0000Na9B26EF006E';
const RESUMABLE_QUERY = `subscription ($after: String) {
  smsSessionEvents(after: $after) {
    __typename cursor sessionId
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

let stack: Stack;
const connections: LegacyConnection[] = [];
const subscribers: Subscriber[] = [];
const clients: SubscriptionClient[] = [];

beforeAll(async () => {
  stack = await startStack({
    env: {
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
      SUBSCRIBER_QUEUE_CAPACITY: '4',
      SUBSCRIBER_CATCH_UP_MS: '500',
    },
  });
});
afterAll(() => stack.close());
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close();
  for (const client of clients.splice(0)) client.close();
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
  await waitFor(() => stack.gateway.stats().subscribers === 0);
});

async function open(protocols?: string | string[]): Promise<LegacyConnection> {
  const connection = await LegacyConnection.open(stack.url, protocols);
  connections.push(connection);
  return connection;
}

async function acknowledged(userName?: string): Promise<LegacyConnection> {
  const connection = await LegacyConnection.acknowledged(stack.url, userName);
  connections.push(connection);
  return connection;
}

const texts = (events: ReceivedEvent[]) =>
  events.flatMap((event) =>
    event.__typename === 'SmsMessagesAdded'
      ? (event.messages as { text: string }[]).map((message) => message.text)
      : [],
  );

describe('subscriptions-transport-ws’s own client', () => {
  it('subscribes, receives events, runs a query and stops', async () => {
    const client = new SubscriptionClient(
      stack.url.replace(/^http/, 'ws'),
      { connectionParams: { Authorization: basic('testname') }, reconnect: false, lazy: false },
      WebSocket,
    );
    clients.push(client);
    const receiver = { events: [] as ReceivedEvent[], errors: [] as unknown[] };
    const subscription = client
      .request({ query: EVENTS_QUERY, variables: { id: SEED_SESSION } })
      .subscribe({
        next: (result) => {
          const event = (result.data as { smsSessionEvents?: ReceivedEvent } | null)
            ?.smsSessionEvents;
          if (event) receiver.events.push(event);
          if (result.errors) receiver.errors.push(...result.errors);
        },
        error: (error: unknown) => receiver.errors.push(error),
      });
    await allReceiving(stack.simulator, SEED_SESSION, receiver);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'over the legacy protocol');
    await waitFor(() => receiver.events.some(hasText('over the legacy protocol')));
    expect(receiver.errors).toEqual([]);

    const me = await new Promise<unknown>((resolve, reject) => {
      client.request({ query: '{ me { userName } }' }).subscribe({ next: resolve, error: reject });
    });
    expect(me).toEqual({ data: { me: { userName: 'testname' } } });

    const metrics = await (await fetch(new URL('/metrics', stack.url))).text();
    expect(metrics).toMatch(
      /^gateway_graphql_requests_total\{transport="ws-legacy",operation="anonymous",outcome="ok"\} 2$/m,
    );
    subscription.unsubscribe();
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });
});

describe('the legacy graphql-ws subprotocol', () => {
  it('is chosen when offered alone; graphql-transport-ws wins when both are offered', async () => {
    expect((await open('graphql-ws')).protocol).toBe('graphql-ws');
    expect((await open(['graphql-ws', 'graphql-transport-ws'])).protocol).toBe(
      'graphql-transport-ws',
    );
    // With neither, no subprotocol is chosen, which a client refuses.
    await expect(open('graphql-subscriptions')).rejects.toThrow('Server sent no subprotocol');
  });

  it('acknowledges a connection with connection_ack, then ka', async () => {
    const connection = await acknowledged();
    await connection.next('ka');
    expect(connection.messages.map((message) => message.type).slice(0, 2)).toEqual([
      'connection_ack',
      'ka',
    ]);
  });

  it('sends ka every WS_KEEPALIVE_MS', async () => {
    const own = await startStack({ env: { WS_KEEPALIVE_MS: '1000' } });
    try {
      const connection = await LegacyConnection.acknowledged(own.url);
      connections.push(connection);
      await waitFor(() => connection.received('ka').length >= 3, 10_000);
      expect(connection.closeCode).toBeUndefined();
    } finally {
      await own.close();
    }
  });

  it('shares its fan-out with graphql-transport-ws and resumes after a cursor', async () => {
    const witness = new Subscriber(stack.url, basic('testname'), { query: RESUMABLE_QUERY });
    subscribers.push(witness);
    const first = await acknowledged();
    first.start('1', RESUMABLE_QUERY);
    await allReceiving(stack.simulator, SEED_SESSION, first, witness);
    expect(stack.gateway.stats().agentStreamsByState).toEqual(
      expect.objectContaining({ connected: 1 }),
    );
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'before the tunnel');
    await waitFor(() => first.events.some(hasText('before the tunnel')));
    const cursor = first.events.find(hasText('before the tunnel'))?.cursor as string;
    first.close();

    for (const text of ['missed 1', 'missed 2'])
      stack.simulator.sendCustomerMessage(SEED_SESSION, text);
    await witness.waitFor(hasText('missed 2'));
    const resumed = await acknowledged();
    resumed.start('1', RESUMABLE_QUERY, { after: cursor });
    await waitFor(() => resumed.events.some(hasText('missed 2')));
    expect(texts(resumed.events)).toEqual(['missed 1', 'missed 2']);
  });

  it.each([
    ['missing', {}, 4401, 'UNAUTHENTICATED'],
    ['refused', { Authorization: basic('testname', 'wrong') }, 4403, 'UNAUTHENTICATED'],
  ])(
    'refuses %s credentials with connection_error, then closes',
    async (_case, params, close, code) => {
      const connection = await open();
      connection.send({ type: 'connection_init', payload: params });
      expect(await connection.closed).toBe(close);
      expect(connection.messages).toEqual([
        { type: 'connection_error', payload: expect.objectContaining({ extensions: { code } }) },
      ]);
    },
  );

  it('answers a start before connection_init with an error for it, and runs nothing', async () => {
    const connection = await open();
    stack.simulator.clearRequests();
    connection.start('1', '{ me { userName } }');
    const refused = await connection.next('error', '1');
    expect(refused.payload).toEqual(
      expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }),
    );
    expect(stack.simulator.requests()).toEqual([]);
    // The connection may still be initialised.
    connection.send({ type: 'connection_init', payload: { Authorization: basic('testname') } });
    await connection.next('connection_ack');
  });

  it('runs the operations a client sends right after connection_init, before the ack', async () => {
    const connection = await open();
    connection.send({ type: 'connection_init', payload: { Authorization: basic('testname') } });
    connection.start('1', '{ me { userName } }');
    const answer = await connection.next('data', '1');
    expect(answer.payload).toEqual({ data: { me: { userName: 'testname' } } });
    await connection.next('complete', '1');
    expect(connection.messages[0]?.type).toBe('connection_ack');
  });

  it('answers a document that does not run with data holding its coded errors, then complete', async () => {
    const connection = await acknowledged();
    connection.start('1', 'subscription { smsSessionEvents { nope } }');
    const answer = await connection.next('data', '1');
    expect(answer.payload).toEqual({
      errors: [
        expect.objectContaining({
          extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ],
    });
    await connection.next('complete', '1');
  });

  it('replaces a running operation when a start reuses its id', async () => {
    const connection = await acknowledged();
    connection.start('1', EVENTS_QUERY);
    await allReceiving(stack.simulator, SEED_SESSION, connection);
    connection.start('1', '{ me { userName } }');
    await connection.next('complete', '1');
    expect(connection.received('data', '1').at(-1)?.payload).toEqual({
      data: { me: { userName: 'testname' } },
    });
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });

  it('ends a subscription on stop, without a complete', async () => {
    const connection = await acknowledged();
    connection.start('1', EVENTS_QUERY);
    await allReceiving(stack.simulator, SEED_SESSION, connection);
    connection.send({ type: 'stop', id: '1' });
    await waitFor(() => stack.gateway.stats().subscribers === 0);
    // The connection still answers, and said nothing of the stopped operation.
    connection.start('2', '{ me { userName } }');
    await connection.next('complete', '2');
    expect(connection.received('complete', '1')).toEqual([]);
  });

  it('closes a connection that stops reading with 1013 while another keeps receiving', async () => {
    const reader = new Subscriber(stack.url, basic('testname'));
    subscribers.push(reader);
    const copies = Array.from({ length: 15 }, (_, i) => `copy${i}: messages { text }`).join(' ');
    const slow = await acknowledged();
    slow.start(
      '1',
      `subscription { smsSessionEvents { __typename ... on SmsMessagesAdded { messages { text } ${copies} } } }`,
    );
    await allReceiving(stack.simulator, SEED_SESSION, reader, slow);
    slow.socket.pause();
    const bulk = 'x'.repeat(4000);
    await repeatUntil(
      async (i) => {
        stack.simulator.sendCustomerMessage(SEED_SESSION, `${i} ${bulk}`);
        await reader.waitFor(hasText(`${i} ${bulk}`));
      },
      () => stack.gateway.stats().subscribers === 1,
    );
    slow.socket.resume();
    expect(await slow.closed).toBe(1013);
    expect(reader.closeCode).toBeUndefined();
  });

  it('refuses operations past WS_MAX_SUBSCRIPTIONS_PER_CONNECTION with an error', async () => {
    const connection = await acknowledged();
    for (const id of ['1', '2', '3']) connection.start(id, EVENTS_QUERY);
    await waitFor(() => stack.gateway.stats().subscribers === 3);
    connection.start('4', EVENTS_QUERY);
    const refused = await connection.next('error', '4');
    expect(refused.payload).toEqual(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }),
    );
  });

  it.each([
    ['an unknown message type', { type: 'subscribe', id: '1' }, '1'],
    ['text that is not JSON', '{"type":', undefined],
    ['a start without a payload', { type: 'start', id: '7' }, '7'],
  ])('answers %s with an error and stays open', async (_case, message, id) => {
    const connection = await acknowledged();
    connection.send(message);
    const error = await connection.next('error');
    expect(error).toEqual({
      type: 'error',
      ...(id === undefined ? {} : { id }),
      payload: expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    });
    connection.start('2', '{ me { userName } }');
    await connection.next('complete', '2');
  });

  it('closes a connection initialised twice with connection_error and 4429', async () => {
    const connection = await acknowledged();
    connection.send({ type: 'connection_init', payload: { Authorization: basic('testname') } });
    expect(await connection.closed).toBe(4429);
    expect(connection.received('connection_error')).toHaveLength(1);
  });

  it('closes on connection_terminate', async () => {
    const connection = await acknowledged();
    connection.send({ type: 'connection_terminate' });
    expect(await connection.closed).toBe(1000);
  });

  it('closes a connection whose frame is larger than MAX_REQUEST_BYTES with 1009', async () => {
    const connection = await acknowledged();
    connection.start('1', `{ me { userName } } # ${'x'.repeat(2 * 1024 * 1024)}`);
    expect(await connection.closed).toBe(1009);
  });
});
