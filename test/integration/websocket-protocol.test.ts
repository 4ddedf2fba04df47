import WebSocket from 'ws';
import { basic, startStack, type Stack } from '../support/stack.js';
import { EVENTS_QUERY } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SESSION_ID = '0000Na9B26EF006E';

interface ProtocolMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

/** A raw graphql-transport-ws connection recording every message and its close code. */
class RawConnection {
  readonly messages: ProtocolMessage[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as ProtocolMessage));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawConnection> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', options);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new RawConnection(socket);
  }

  /** Opens a connection and waits for its `connection_ack`. */
  static async acknowledged(url: string, userName = 'testname'): Promise<RawConnection> {
    const connection = await RawConnection.open(url);
    connection.send({ type: 'connection_init', payload: { Authorization: basic(userName) } });
    await waitFor(() => connection.received('connection_ack').length > 0);
    return connection;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  received(type: string, id?: string): ProtocolMessage[] {
    return this.messages.filter(
      (message) => message.type === type && (id === undefined || message.id === id),
    );
  }

  close(): void {
    this.socket.terminate();
  }
}

let stack: Stack;
let connections: RawConnection[] = [];
afterEach(async () => {
  for (const connection of connections) connection.close();
  connections = [];
  await stack.close();
});

async function acknowledged(): Promise<RawConnection> {
  const connection = await RawConnection.acknowledged(stack.url);
  connections.push(connection);
  return connection;
}

/** The customer writes until `condition` holds: when a subscription is live upstream is unseen. */
async function writeUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; !condition(); attempt += 1) {
    if (attempt === 100) throw new Error('no event arrived within 20 s');
    stack.simulator.sendCustomerMessage(SESSION_ID, `message ${attempt}`);
    await waitFor(condition, 200).catch(() => undefined);
  }
}

describe('the graphql-transport-ws protocol for subscriptions', () => {
  it('closes with 4401 a connection that subscribes before it is acknowledged', async () => {
    stack = await startStack();
    const connection = await RawConnection.open(stack.url);
    connections.push(connection);
    connection.subscribe('1', EVENTS_QUERY);
    expect(await connection.closed).toBe(4401);
    expect(stack.gateway.stats().subscribers).toBe(0);
  });

  it('closes with 4409 a connection that subscribes twice with one id', async () => {
    stack = await startStack();
    const connection = await acknowledged();
    connection.subscribe('1', EVENTS_QUERY);
    await waitFor(() => stack.gateway.stats().subscribers === 1);
    connection.subscribe('1', EVENTS_QUERY);
    expect(await connection.closed).toBe(4409);
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });

  it('closes with 4400 a connection that sends a subscribe message without an id', async () => {
    stack = await startStack();
    const connection = await acknowledged();
    connection.send({ type: 'subscribe', payload: { query: EVENTS_QUERY } });
    expect(await connection.closed).toBe(4400);
  });

  it('stops delivering a subscription the client completed, and frees its place', async () => {
    stack = await startStack({ env: { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '1' } });
    const connection = await acknowledged();
    connection.subscribe('1', EVENTS_QUERY);
    await writeUntil(() => connection.received('next', '1').length > 0);
    connection.send({ id: '1', type: 'complete' });
    await waitFor(() => stack.gateway.stats().subscribers === 0);
    const deliveredBeforeComplete = connection.received('next', '1').length;

    // The one place is free again: the next subscription is accepted and receives.
    connection.subscribe('2', EVENTS_QUERY);
    await writeUntil(() => connection.received('next', '2').length > 0);
    expect(connection.received('error')).toEqual([]);
    expect(connection.received('next', '1')).toHaveLength(deliveredBeforeComplete);
    // The server does not answer a client's own complete.
    expect(connection.received('complete', '1')).toEqual([]);
    expect(connection.closeCode).toBeUndefined();
  });

  it('answers a subscription the gateway refuses with an error message and keeps the connection', async () => {
    stack = await startStack();
    const connection = await acknowledged();
    connection.subscribe('1', 'subscription { smsSessionEvents { shoeSize } }');
    await waitFor(() => connection.received('error', '1').length > 0);
    expect(connection.received('error', '1')).toEqual([
      {
        id: '1',
        type: 'error',
        payload: [
          expect.objectContaining({
            extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
          }),
        ],
      },
    ]);
    // The id is free again, and the connection still subscribes.
    connection.subscribe('1', EVENTS_QUERY);
    await writeUntil(() => connection.received('next', '1').length > 0);
    expect(connection.closeCode).toBeUndefined();
  });

  it('answers a subscription its resolver refuses with one result and complete', async () => {
    stack = await startStack();
    const connection = await acknowledged();
    connection.subscribe('1', EVENTS_QUERY, { id: '../../users/x' });
    await waitFor(() => connection.received('complete', '1').length > 0);
    expect(connection.messages.filter((message) => message.id === '1')).toEqual([
      {
        id: '1',
        type: 'next',
        payload: {
          errors: [
            expect.objectContaining({
              extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
            }),
          ],
        },
      },
      { id: '1', type: 'complete' },
    ]);
    expect(stack.gateway.stats().agentStreams).toBe(0);
  });

  it('runs queries on a connection beside its subscriptions', async () => {
    stack = await startStack();
    const connection = await acknowledged();
    connection.subscribe('1', EVENTS_QUERY);
    connection.subscribe('2', '{ me { userName } }');
    await waitFor(() => connection.received('complete', '2').length > 0);
    expect(connection.messages.filter((message) => message.id === '2')).toEqual([
      { id: '2', type: 'next', payload: { data: { me: { userName: 'testname' } } } },
      { id: '2', type: 'complete' },
    ]);
    await writeUntil(() => connection.received('next', '1').length > 0);
  });

  it('drops a peer that does not answer the keep-alive ping', async () => {
    stack = await startStack({ env: { WS_KEEPALIVE_MS: '1000' } });
    const silent = await RawConnection.open(stack.url, { autoPong: false });
    connections.push(silent);
    const answering = await acknowledged();
    silent.send({ type: 'connection_init', payload: { Authorization: basic('testname') } });
    await waitFor(() => silent.received('connection_ack').length > 0);
    const pings = { silent: 0, answering: 0 };
    silent.socket.on('ping', () => (pings.silent += 1));
    answering.socket.on('ping', () => (pings.answering += 1));
    expect(await silent.closed).toBe(1006);
    expect(pings.silent).toBeGreaterThan(0);
    // Pinged again after it answered: it was kept.
    await waitFor(() => pings.answering >= 2, 10_000);
    expect(answering.closeCode).toBeUndefined();
  });
});
