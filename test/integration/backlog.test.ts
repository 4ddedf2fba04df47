import WebSocket from 'ws';
import { basic, CometdPeer } from '../support/cometd-peer.js';
import { EventStream } from '../support/event-stream.js';
import { clusterEnv, describeIfRedisAnswers } from '../support/redis.js';
import { startStack, type Stack } from '../support/stack.js';
import { Subscriber, type ReceivedEvent } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const USER = 'agent1';
const PASSWORD = 'secret1';
const SESSION = '0000Na9B26EF00B1';
/** What GWS had held back after being slow for a while, sent in one long-poll answer. */
const BACKLOG = 600;
/** About 3 KB a notification: about 1.8 MB in all. */
const FILLER = 'x'.repeat(2_900);

const QUERY = `subscription ($id: ID) {
  smsSessionEvents(id: $id) {
    __typename sessionId notificationType
    ... on SmsMessagesAdded { messages { index text } }
  }
}`;

function newMessage(index: number) {
  return {
    messageType: 'MessageLogUpdated',
    notificationType: 'NewMessages',
    smssessionUri: `http://gws.example.com/api/v2/me/smssessions/${SESSION}`,
    messages: [{ index, type: 'Text', visibility: 'All', text: `${index} ${FILLER}` }],
  };
}

/** The message indexes of the events, in the order received. */
function indexes(events: readonly ReceivedEvent[]): number[] {
  return events.flatMap((event) =>
    event.__typename === 'SmsMessagesAdded'
      ? (event.messages as { index: number }[]).map((message) => message.index)
      : [],
  );
}

/**
 * A graphql-ws connection that stops reading once subscribed, so whatever the gateway sends it
 * piles up: each event costs it fifteen copies of the message text (the most aliases an operation
 * may have), so the backlog is far more than the kernel's socket buffers hold.
 */
async function neverReading(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(
    JSON.stringify({ type: 'connection_init', payload: { Authorization: basic(USER, PASSWORD) } }),
  );
  await new Promise((resolve) => socket.once('message', resolve));
  const copies = Array.from({ length: 15 }, (_, i) => `copy${i}: messages { text }`).join(' ');
  const query = `subscription { smsSessionEvents { ... on SmsMessagesAdded { ${copies} } } }`;
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
  socket.pause();
  return { socket, closed };
}

describe('a backlog GWS sends in one long-poll answer', () => {
  let peer: CometdPeer;
  let stack: Stack;
  const subscribers: Subscriber[] = [];
  const streams: EventStream[] = [];
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    peer = await CometdPeer.start({ users: { [USER]: PASSWORD }, timeoutMs: 1_000 });
    stack = await startStack({
      gwsBaseUrl: peer.url,
      env: { UPSTREAM_STREAM_GRACE_MS: '100', SUBSCRIBER_CATCH_UP_MS: '2000' },
    });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    for (const stream of streams.splice(0)) stream.close();
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
    await stack.close();
    await peer.close();
  });

  it('reaches fast WebSocket and SSE subscribers whole and in order, and cuts one that never reads with 1013', async () => {
    const webSocket = new Subscriber(stack.url, basic(USER, PASSWORD), { query: QUERY });
    subscribers.push(webSocket);
    const { stream: eventStream } = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic(USER, PASSWORD),
      body: { query: QUERY },
    });
    streams.push(eventStream);
    const stalled = await neverReading(stack.url);
    sockets.push(stalled.socket);
    await waitFor(
      () => stack.gateway.stats().subscribers === 3 && peer.suspendedConnects(USER) === 1,
    );

    const sent = Array.from({ length: BACKLOG }, (_, i) => i + 1);
    expect(peer.deliverBatch(USER, '/v2/me/sms', sent.map(newMessage))).toBe(1);

    // Waited for until all came or the subscription ended, so a cut shows as what was missed.
    await waitFor(
      () => indexes(webSocket.events).length === BACKLOG || webSocket.closeCode !== undefined,
      15_000,
    );
    await waitFor(
      () => indexes(eventStream.events).length === BACKLOG || eventStream.completed,
      15_000,
    );
    expect({ closeCode: webSocket.closeCode, indexes: indexes(webSocket.events) }).toEqual({
      closeCode: undefined,
      indexes: sent,
    });
    expect({ completed: eventStream.completed, indexes: indexes(eventStream.events) }).toEqual({
      completed: false,
      indexes: sent,
    });
    // Nothing the never-reading subscriber holds outlives it: it is cut, its queue is gone.
    await waitFor(() => stack.gateway.stats().subscribers === 2, 10_000);
    expect(stack.gateway.stats().queuedEvents).toBe(0);
    stalled.socket.resume();
    expect(await stalled.closed).toBe(1013);
    expect(webSocket.closeCode).toBeUndefined();
    expect(webSocket.errors).toEqual([]);
    expect(eventStream.errors).toEqual([]);
    expect(eventStream.completed || eventStream.ended).toBe(false);
  });
});

const describeWithRedis = await describeIfRedisAnswers();

describeWithRedis(
  'a backlog GWS sends in one long-poll answer, logged in Redis (cluster mode)',
  () => {
    let peer: CometdPeer;
    let stack: Stack;
    const subscribers: Subscriber[] = [];

    beforeEach(async () => {
      peer = await CometdPeer.start({ users: { [USER]: PASSWORD }, timeoutMs: 1_000 });
      stack = await startStack({
        gwsBaseUrl: peer.url,
        env: { ...clusterEnv(), UPSTREAM_STREAM_GRACE_MS: '100', SUBSCRIBER_CATCH_UP_MS: '5000' },
      });
    });

    afterEach(async () => {
      await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
      await stack.close();
      await peer.close();
    });

    it('reaches a fast subscriber whole and in order, not as a RESYNC instead', async () => {
      const webSocket = new Subscriber(stack.url, basic(USER, PASSWORD), { query: QUERY });
      subscribers.push(webSocket);
      await waitFor(
        () => stack.gateway.stats().subscribers === 1 && peer.suspendedConnects(USER) === 1,
      );
      const sent = Array.from({ length: BACKLOG }, (_, i) => i + 1);
      expect(peer.deliverBatch(USER, '/v2/me/sms', sent.map(newMessage))).toBe(1);
      await waitFor(
        () =>
          indexes(webSocket.events).length === BACKLOG ||
          webSocket.events.some((event) => event.notificationType === 'RESYNC'),
        15_000,
      );
      expect(webSocket.events.filter((event) => event.notificationType === 'RESYNC')).toEqual([]);
      expect(indexes(webSocket.events)).toEqual(sent);
      expect(webSocket.closeCode).toBeUndefined();
    });
  },
);
