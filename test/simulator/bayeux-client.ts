/**
 * Raw Bayeux over fetch, for deterministic notification tests: each call is one HTTP POST to
 * /api/v2/notifications carrying the agent's Basic credentials, JSESSIONID and CSRF token.
 */
import type { AgentClient, Reply } from './gws-client.js';

export interface BayeuxMessage {
  channel: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  advice?: { reconnect?: string; timeout?: number; interval?: number };
  subscription?: string | string[];
  version?: string;
  supportedConnectionTypes?: string[];
  connectionType?: string;
  data?: Record<string, unknown>;
}

export class BayeuxClient {
  clientId: string | undefined;
  private nextId = 1;

  constructor(private readonly agent: AgentClient) {}

  async post(messages: Omit<BayeuxMessage, 'id'>[]): Promise<Reply> {
    return this.agent.post(
      '/api/v2/notifications',
      messages.map((message) => ({ ...message, id: String(this.nextId++) })),
    );
  }

  /** Posts and expects a Bayeux answer (HTTP 200 with a JSON array). */
  async exchange(messages: Omit<BayeuxMessage, 'id'>[]): Promise<BayeuxMessage[]> {
    const reply = await this.post(messages);
    if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${String(reply.body)}`);
    return reply.body as BayeuxMessage[];
  }

  async handshake(): Promise<BayeuxMessage> {
    const [reply] = await this.exchange([
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ]);
    if (!reply) throw new Error('no handshake reply');
    if (reply.successful) this.clientId = reply.clientId;
    return reply;
  }

  async subscribe(subscription: string): Promise<BayeuxMessage> {
    const [reply] = await this.exchange([
      { channel: '/meta/subscribe', clientId: this.clientId, subscription },
    ]);
    if (!reply) throw new Error('no subscribe reply');
    return reply;
  }

  /** One long poll, held by the server up to `timeoutMs` unless messages are waiting. */
  async connect(timeoutMs = 0): Promise<BayeuxMessage[]> {
    return this.exchange([
      {
        channel: '/meta/connect',
        clientId: this.clientId,
        connectionType: 'long-polling',
        advice: { timeout: timeoutMs },
      },
    ]);
  }

  /** Long-polls until `count` data messages have arrived, or fails after `withinMs`. */
  async collect(count: number, withinMs = 3_000): Promise<BayeuxMessage[]> {
    const deadline = Date.now() + withinMs;
    const received: BayeuxMessage[] = [];
    while (received.length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`received ${received.length} of ${count} messages in ${withinMs} ms`);
      }
      const messages = await this.connect(remaining);
      received.push(...messages.filter((message) => !message.channel.startsWith('/meta/')));
    }
    return received;
  }

  /** The data messages that arrive within `ms` (long-polling all the while). */
  async drain(ms: number): Promise<BayeuxMessage[]> {
    const messages = await this.connect(ms);
    return messages.filter((message) => !message.channel.startsWith('/meta/'));
  }
}

/** An agent signed in over REST and handshaken on CometD, subscribed to `subscription`. */
export async function subscribedClient(
  agent: AgentClient,
  subscription = '/v2/me/smssessions',
): Promise<BayeuxClient> {
  await agent.signIn();
  const client = new BayeuxClient(agent);
  const handshake = await client.handshake();
  if (!handshake.successful) throw new Error(`handshake failed: ${handshake.error ?? ''}`);
  const subscribed = await client.subscribe(subscription);
  if (!subscribed.successful) throw new Error(`subscribe failed: ${subscribed.error ?? ''}`);
  // The first connect returns at once (timeout 0) and makes the client connected.
  await client.connect(0);
  return client;
}
