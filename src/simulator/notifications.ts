/**
 * GWS's notification service: CometD (Bayeux) long-polling at /api/v2/notifications, built on
 * cometd-nodejs-server. Requests authenticate like REST (Basic and/or the JSESSIONID of an HTTP
 * session; with CSRF on, the session's token too). Each CometD client belongs to one agent and
 * receives that agent's notifications, delivered to it alone. GWS documents no SMS topic, so the
 * channel of SMS notifications is an option ({@link DEFAULT_SMS_CHANNEL} by default): clients must
 * tell them by content, as they would on a real GWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import cometdNodejsServer from 'cometd-nodejs-server';
import type { CometDServer, ServerMessage, ServerSession } from 'cometd-nodejs-server';
import type { WireSmsNotification } from '../gws/wire.js';
import type { DemoAgent } from './directory.js';
import type { AgentNotification } from './events.js';
import { BodyTooLargeError, parseJson, readBody, sendText } from './http-io.js';
import { csrfRefused, hasValidCsrfToken, type HttpSessions } from './http-sessions.js';
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

/** Deliberately not the `/v2/me/smssessions` the reference infers (§4.2). */
export const DEFAULT_SMS_CHANNEL = '/v2/me/sms';

/** A gateway holds one client per agent; a runaway one must not hold unbounded sessions. */
const MAX_CLIENTS_PER_AGENT = 64;
const MAX_SUBSCRIPTIONS_PER_CLIENT = 16;

/**
 * cometd-nodejs-server finds a client's session through a browser cookie, where GWS (CometD's
 * Java server) uses the clientId alone. The simulator supplies that cookie from the
 * authenticated agent, so a client never needs to keep a Bayeux cookie, and a clientId is only
 * ever found among its own agent's sessions.
 */
const BROWSER_COOKIE = 'BAYEUX_BROWSER';

interface Client {
  readonly session: ServerSession;
  readonly agent: DemoAgent;
}

export class NotificationService {
  private readonly cometd: CometDServer;
  private readonly clients = new Map<string, Client>();
  /**
   * The same clients by agent: a notification is matched against its own agent's clients only,
   * not against every connected client (thousands with the load agents).
   */
  private readonly clientsByAgent = new Map<DemoAgent, Set<Client>>();
  private readonly counters = new Map<DemoAgent, { handshakes: number; subscriptions: number }>();
  /** The agent each request in progress authenticated as, for the handshake policy to read. */
  private readonly identities = new WeakMap<IncomingMessage, DemoAgent>();
  /** Requests being answered (held long-polls among them), to be cut on a restart. */
  private readonly inFlight = new Set<ServerResponse>();

  /** `agents`: everyone whose clients the stats count. */
  constructor(
    private readonly httpSessions: HttpSessions,
    private readonly csrf: boolean,
    /** The channel SMS session notifications are published on. */
    private readonly smsChannel: string,
    private readonly agents: readonly DemoAgent[],
  ) {
    this.cometd = cometdNodejsServer.createCometDServer({
      browserCookieName: BROWSER_COOKIE,
      // Several clients of one agent (one per gateway process) may poll at once.
      maxSessionsPerBrowser: -1,
    });
    this.cometd.policy = {
      canHandshake: (session, _message, callback) => callback(undefined, this.admit(session)),
      // Only the server publishes: a client publishing would reach other agents' subscribers.
      canPublish: (_session, _message, _channel, callback) => callback(undefined, false),
      canSubscribe: (session, _message, _channel, callback) =>
        callback(undefined, session.subscriptions.length < MAX_SUBSCRIPTIONS_PER_CLIENT),
    };
    this.cometd.addListener('subscribed', (_channel: unknown, session: ServerSession) => {
      const client = this.clients.get(session.id);
      if (client) this.countersOf(client.agent).subscriptions += 1;
    });
  }

  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    entry: RecordedRequest,
  ): Promise<void> {
    const agent = this.authenticate(request);
    if (agent) {
      entry.userName = agent.userName;
      const httpSession = this.httpSessions.find(request.headers.cookie, agent);
      if (this.csrf && !hasValidCsrfToken(request, httpSession)) return csrfRefused(response);
      this.identities.set(request, agent);
      request.headers.cookie = `${BROWSER_COOKIE}=${agent.id}`;
    } else {
      delete request.headers.cookie;
    }
    const messages = await this.readMessages(request, response);
    if (!messages) return;
    this.inFlight.add(response);
    response.on('close', () => this.inFlight.delete(response));
    // The library takes a parsed body from `request.body`, so the size limit above applies.
    this.cometd.handle(Object.assign(request, { body: messages }), response);
  }

  /** Delivers each notification to every CometD client of its agent subscribed to SMS events. */
  publish(notifications: readonly AgentNotification[]): void {
    const byClient = new Map<Client, WireSmsNotification[]>();
    for (const { agent, data } of notifications) {
      for (const client of this.subscribersOf(agent, this.smsChannel)) {
        const batch = byClient.get(client);
        if (batch) batch.push(data);
        else byClient.set(client, [data]);
      }
    }
    for (const [client, batch] of byClient) {
      // One batch: notifications caused together reach the client in one long-poll answer.
      client.session.batch(() => {
        for (const data of batch) client.session.deliver(null, this.smsChannel, data);
      });
    }
  }

  /**
   * Delivers a notification of another medium (devices, chats, …) as GWS would, to the agent's
   * clients subscribed to its channel; returns how many received it.
   */
  publishOther(agent: DemoAgent, channel: string, data: Record<string, unknown>): number {
    const clients = this.subscribersOf(agent, channel);
    for (const client of clients) client.session.deliver(null, channel, data);
    return clients.length;
  }

  private subscribersOf(agent: DemoAgent, channel: string): Client[] {
    const subscribers: Client[] = [];
    for (const client of this.clientsByAgent.get(agent) ?? []) {
      if (isSubscribed(client.session, channel)) subscribers.push(client);
    }
    return subscribers;
  }

  /**
   * The notification service restarts: connections drop and every client is forgotten, so a
   * client's next /meta/connect is answered `402::session_unknown` with reconnect advice
   * `handshake`.
   */
  restart(): void {
    // Cut the connections first so the clients never see the disconnect below.
    for (const response of this.inFlight) response.socket?.destroy();
    this.forgetClients();
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
    this.forgetClients();
    this.cometd.close();
  }

  /** Basic credentials if sent (they must be right), else the HTTP session's agent. */
  private authenticate(request: IncomingMessage): DemoAgent | undefined {
    const { authorization, cookie } = request.headers;
    if (authorization !== undefined) return this.httpSessions.authenticate(authorization);
    return this.httpSessions.find(cookie)?.agent;
  }

  private admit(session: ServerSession): boolean {
    const context = this.cometd.context as { request?: IncomingMessage };
    const agent = context.request && this.identities.get(context.request);
    if (!agent) return false;
    let clientsOfAgent = this.clientsByAgent.get(agent);
    if (!clientsOfAgent) {
      clientsOfAgent = new Set();
      this.clientsByAgent.set(agent, clientsOfAgent);
    }
    if (clientsOfAgent.size >= MAX_CLIENTS_PER_AGENT) return false;
    const client: Client = { session, agent };
    this.clients.set(session.id, client);
    clientsOfAgent.add(client);
    session.addListener('removed', () => this.forget(client));
    this.countersOf(agent).handshakes += 1;
    return true;
  }

  private forget(client: Client): void {
    this.clients.delete(client.session.id);
    this.clientsByAgent.get(client.agent)?.delete(client);
  }

  private forgetClients(): void {
    for (const client of [...this.clients.values()]) client.session.disconnect();
    this.clients.clear();
    this.clientsByAgent.clear();
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
  ): Promise<ServerMessage[] | undefined> {
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

function isBayeuxMessage(value: unknown): value is ServerMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { channel?: unknown }).channel === 'string'
  );
}

function isSubscribed(session: ServerSession, channel: string): boolean {
  return session.subscriptions.some((subscription) => matches(subscription.name, channel));
}

/** Bayeux channel patterns: `/a/*` matches one more segment, `/a/**` any number. */
function matches(pattern: string, channel: string): boolean {
  if (pattern === channel) return true;
  if (pattern.endsWith('/**')) return channel.startsWith(pattern.slice(0, -2));
  if (pattern.endsWith('/*')) {
    const parent = pattern.slice(0, -1);
    return channel.startsWith(parent) && !channel.slice(parent.length).includes('/');
  }
  return false;
}
