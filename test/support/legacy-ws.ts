import WebSocket from 'ws';
import { basic } from './stack.js';
import type { ReceivedEvent } from './subscriber.js';
import { waitFor } from './wait.js';

export interface LegacyMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

/**
 * A raw connection of the legacy `graphql-ws` subprotocol (subscriptions-transport-ws's),
 * recording every message and its close code, and the smsSessionEvents its `data` carries.
 */
export class LegacyConnection {
  readonly messages: LegacyMessage[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as LegacyMessage));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  static async open(
    url: string,
    protocols: string | string[] = 'graphql-ws',
    options: WebSocket.ClientOptions = {},
  ): Promise<LegacyConnection> {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), protocols, options);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new LegacyConnection(socket);
  }

  /** Opens a connection and waits for its `connection_ack`. */
  static async acknowledged(
    url: string,
    userName = 'testname',
    authorization = basic(userName),
  ): Promise<LegacyConnection> {
    const connection = await LegacyConnection.open(url);
    connection.send({ type: 'connection_init', payload: { authorization } });
    await waitFor(() => connection.received('connection_ack').length > 0);
    return connection;
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  /** The smsSessionEvents received in `data` messages, of every operation. */
  get events(): ReceivedEvent[] {
    return this.received('data').flatMap((message) => {
      const event = (message.payload as { data?: { smsSessionEvents?: ReceivedEvent } } | null)
        ?.data?.smsSessionEvents;
      return event ? [event] : [];
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  start(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ id, type: 'start', payload: { query, variables } });
  }

  received(type: string, id?: string): LegacyMessage[] {
    return this.messages.filter(
      (message) => message.type === type && (id === undefined || message.id === id),
    );
  }

  /** Resolves with the first message of `type` (for operation `id`), failing after `timeoutMs`. */
  async next(type: string, id?: string, timeoutMs = 5_000): Promise<LegacyMessage> {
    await waitFor(() => this.received(type, id).length > 0, timeoutMs);
    return this.received(type, id)[0] as LegacyMessage;
  }

  close(): void {
    this.socket.terminate();
  }
}

/**
 * Runs one operation on a fresh connection of the legacy subprotocol and resolves to its first
 * answer: a `data` message's payload, or an `error` message's one error as `{ errors: [it] }`.
 */
export async function overLegacyWebSocket(
  url: string,
  authorization: string,
  payload: {
    query?: string;
    variables?: Record<string, unknown>;
    extensions?: Record<string, unknown>;
  },
): Promise<{ data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }> {
  const connection = await LegacyConnection.acknowledged(url, undefined, authorization);
  try {
    connection.send({ id: '1', type: 'start', payload });
    const answered = () =>
      connection.received('data', '1')[0] ?? connection.received('error', '1')[0];
    let closedWith: number | undefined;
    void connection.closed.then((code) => (closedWith = code));
    await waitFor(() => answered() !== undefined || closedWith !== undefined);
    if (answered() === undefined) throw new Error(`WebSocket closed with ${closedWith}`);
    const answer = answered() as LegacyMessage;
    return answer.type === 'error'
      ? { errors: [answer.payload as { extensions?: Record<string, unknown> }] }
      : (answer.payload as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] });
  } finally {
    connection.close();
  }
}
