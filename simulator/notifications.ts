/**
 * GWS's notification service: CometD (Bayeux) long-polling at /api/v2/notifications, on the
 * simulator's own Bayeux server. Requests authenticate like REST (Basic and/or the JSESSIONID of
 * an HTTP session; with CSRF on and the dialect's csrfOnCometd, the session's token too). Each
 * CometD client belongs to one agent and remembers the HTTP session it handshook in; it receives
 * that agent's notifications (in the dialect's httpSession scope, those a request caused only if
 * that request came from its HTTP session). GWS documents no SMS topic, so the channel of SMS
 * notifications is an option ({@link DEFAULT_SMS_CHANNEL} by default): clients must tell them by
 * content, as they would on a real GWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BayeuxServer, type BayeuxMessage, type BayeuxSession } from './bayeux.js';
import type { GwsDialect } from './dialect.js';
import type { DemoAgent } from './directory.js';
import type { AgentNotification, SmsNotificationData } from './events.js';
import { BodyTooLargeError, parseJson, readBody, sendText } from './http-io.js';
import {
  csrfRefused,
  hasValidCsrfToken,
  type HttpSession,
  type HttpSessions,
} from './http-sessions.js';
import type { RecordedRequest } from './request-log.js';

export interface AgentNotificationStats {
  /** Successful CometD handshakes since the simulator started. */
  handshakes: number;
  /** Channel subscriptions made since the simulator started. */
  subscriptions: number;
  /** CometD clients currently known (handshaken, not yet disconnected or expired). */
  connectedClients: number;
}

/** Per agent userName. */
export type NotificationStats = Record<string, AgentNotificationStats>;

export const NOTIFICATIONS_PATH = '/api/v2/notifications';

/** The per-media pattern's name (`/v2/me/chats`, `/v2/me/calls`, …; reference §4.2, §7.1). */
export const DEFAULT_SMS_CHANNEL = '/v2/me/smssessions';

/**
 * A gateway holds one client per agent (one per gateway process, polling at once); a runaway one
 * must not hold unbounded sessions.
 */
const MAX_CLIENTS_PER_AGENT = 64;
const MAX_SUBSCRIPTIONS_PER_CLIENT = 16;

/**
 * A CometD client: a Bayeux session of one agent, with the HTTP session it handshook in (none when
 * it authenticated by Basic credentials alone).
 */
type Client = BayeuxSession<DemoAgent, HttpSession | undefined>;

export class NotificationService {
  private readonly bayeux: BayeuxServer<DemoAgent, HttpSession | undefined>;
  /**
   * The clients by agent: a notification is matched against its own agent's clients only, not
   * against every connected client (thousands with the load agents).
   */
  private readonly clientsByAgent = new Map<DemoAgent, Set<Client>>();
  private readonly counters = new Map<DemoAgent, { handshakes: number; subscriptions: number }>();

  /** `agents`: everyone whose clients the stats count. */
  constructor(
    private readonly httpSessions: HttpSessions,
    private readonly csrf: boolean,
    /** The channel SMS session notifications are published on. */
    private readonly smsChannel: string,
    private readonly agents: readonly DemoAgent[],
    private readonly dialect: () => GwsDialect,
  ) {
    this.bayeux = new BayeuxServer({
      canHandshake: (agent) => this.clientsOf(agent).size < MAX_CLIENTS_PER_AGENT,
      canSubscribe: (client, count) =>
        client.subscriptions.length + count <= MAX_SUBSCRIPTIONS_PER_CLIENT,
      subscribed: (client) => {
        this.countersOf(client.owner).subscriptions += 1;
      },
      added: (client) => {
        this.clientsOf(client.owner).add(client);
        this.countersOf(client.owner).handshakes += 1;
      },
      removed: (client) => {
        this.clientsByAgent.get(client.owner)?.delete(client);
      },
    });
  }

  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    entry: RecordedRequest,
  ): Promise<void> {
    const agent = this.authenticate(request);
    const httpSession = agent && this.httpSessions.find(request.headers.cookie, agent);
    if (agent) {
      entry.userName = agent.userName;
      const needsCsrf = this.csrf && this.dialect().csrfOnCometd;
      if (needsCsrf && !hasValidCsrfToken(request, httpSession)) return csrfRefused(response);
    }
    const messages = await this.readMessages(request, response);
    if (!messages) return;
    this.bayeux.handle(agent, messages, response, httpSession);
  }

  /**
   * Delivers each notification to the CometD clients of its agent subscribed to SMS events: all
   * of them, or in the dialect's httpSession scope, for a notification a request caused, those
   * handshaken in the HTTP session that sent it.
   */
  publish(notifications: readonly AgentNotification[]): void {
    const perHttpSession = this.dialect().notificationScope === 'httpSession';
    const recipients = new Set<Client>();
    for (const { agent, data, requestedIn } of notifications) {
      let message: string | undefined;
      for (const client of this.clientsByAgent.get(agent) ?? []) {
        if (!client.isSubscribed(this.smsChannel)) continue;
        if (perHttpSession && requestedIn && client.origin !== requestedIn) continue;
        message ??= deliveryJson(this.smsChannel, data);
        this.bayeux.deliver(client, message);
        recipients.add(client);
      }
    }
    // Flushed together: notifications caused together reach a client in one long-poll answer.
    for (const client of recipients) this.bayeux.flush(client);
  }

  /**
   * Delivers a notification of another medium (devices, chats, …) as GWS would, to the agent's
   * clients subscribed to its channel; returns how many received it.
   */
  publishOther(agent: DemoAgent, channel: string, data: Record<string, unknown>): number {
    const message = deliveryJson(channel, data);
    let delivered = 0;
    for (const client of this.clientsByAgent.get(agent) ?? []) {
      if (!client.isSubscribed(channel)) continue;
      this.bayeux.deliver(client, message);
      this.bayeux.flush(client);
      delivered += 1;
    }
    return delivered;
  }

  /**
   * The notification service restarts: connections drop and every client is forgotten, so a
   * client's next /meta/connect is answered `402::session_unknown` with reconnect advice
   * `handshake`.
   */
  restart(): void {
    this.bayeux.restart();
  }

  stats(): NotificationStats {
    const stats: NotificationStats = {};
    for (const agent of this.agents) {
      stats[agent.userName] = {
        ...this.countersOf(agent),
        connectedClients: this.clientsByAgent.get(agent)?.size ?? 0,
      };
    }
    return stats;
  }

  /** Disconnects every client (answering held long-polls) and stops the session sweeper. */
  close(): void {
    this.bayeux.close();
  }

  /** Basic credentials if sent (they must be right), else the HTTP session's agent. */
  private authenticate(request: IncomingMessage): DemoAgent | undefined {
    const { authorization, cookie } = request.headers;
    if (authorization !== undefined) return this.httpSessions.authenticate(authorization);
    return this.httpSessions.find(cookie)?.agent;
  }

  private clientsOf(agent: DemoAgent): Set<Client> {
    let clients = this.clientsByAgent.get(agent);
    if (!clients) {
      clients = new Set();
      this.clientsByAgent.set(agent, clients);
    }
    return clients;
  }

  private countersOf(agent: DemoAgent): { handshakes: number; subscriptions: number } {
    let counters = this.counters.get(agent);
    if (!counters) {
      counters = { handshakes: 0, subscriptions: 0 };
      this.counters.set(agent, counters);
    }
    return counters;
  }

  /** The Bayeux messages of a POST body, or undefined once a 400 has been sent. */
  private async readMessages(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<BayeuxMessage[] | undefined> {
    if (request.method !== 'POST') {
      sendText(response, 400, 'Bayeux messages are POSTed');
      return undefined;
    }
    let text: string;
    try {
      text = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendText(response, 413, error.message);
      return undefined;
    }
    const body = parseJson(text);
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.every(isBayeuxMessage)) {
      sendText(response, 400, 'The body must be Bayeux messages');
      return undefined;
    }
    return messages;
  }
}

function isBayeuxMessage(value: unknown): value is BayeuxMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { channel?: unknown }).channel === 'string'
  );
}

/** A delivered message, `{"channel":…,"data":…}` as CometD's servers write it. */
function deliveryJson(
  channel: string,
  data: SmsNotificationData | Record<string, unknown>,
): string {
  return `{"channel":${JSON.stringify(channel)},"data":${JSON.stringify(data)}}`;
}
