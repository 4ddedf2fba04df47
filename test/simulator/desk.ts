/**
 * One agent's desktop for the operation tests: their REST client (signed in) and their CometD
 * notifications on /v2/me/smssessions, read in order of arrival.
 */
import type { WireSmsSession, WireSmsSessionResponse } from '../../src/gws/wire.js';
import { subscribedClient, type BayeuxClient } from './bayeux-client.js';
import { AgentClient, type Reply } from './gws-client.js';

/** A notification's `data`, loosely typed so tests can match any key (quirky spellings too). */
export type NotificationData = Record<string, unknown>;

export class Desk {
  /** Arrived but not yet read: one long-poll answer can carry more than a test asks for. */
  private readonly unread: NotificationData[] = [];

  private constructor(
    readonly http: AgentClient,
    private readonly events: BayeuxClient,
  ) {}

  static async open(baseUrl: string, userName: string): Promise<Desk> {
    const http = new AgentClient(baseUrl, userName);
    return new Desk(http, await subscribedClient(http));
  }

  /** POSTs `{"operationName", ...parameters}` and returns GWS's immediate answer. */
  async op(
    sessionId: string,
    operationName: string,
    parameters: Record<string, unknown> = {},
  ): Promise<unknown> {
    const reply: Reply = await this.http.operation(sessionId, { operationName, ...parameters });
    return reply.body;
  }

  /** The session as this agent sees it, or undefined when GWS hides it from them. */
  async session(sessionId: string): Promise<WireSmsSession | undefined> {
    const reply = await this.http.get(`/api/v2/me/smssessions/${sessionId}`);
    return (reply.body as WireSmsSessionResponse).smssession;
  }

  /** The next `count` notifications, in order. */
  async next(count: number): Promise<NotificationData[]> {
    if (this.unread.length < count) {
      const messages = await this.events.collect(count - this.unread.length);
      this.unread.push(...messages.map((message) => message.data ?? {}));
    }
    return this.unread.splice(0, count);
  }

  /** Everything unread plus whatever arrives within `ms`: [] when the agent is told nothing. */
  async quiet(ms = 150): Promise<NotificationData[]> {
    const messages = await this.events.drain(ms);
    this.unread.push(...messages.map((message) => message.data ?? {}));
    return this.unread.splice(0);
  }
}
