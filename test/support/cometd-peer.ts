import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cometdNodejsServer, { type CometDServer, type ServerSession } from 'cometd-nodejs-server';
import type { Logger } from 'pino';
import { GwsClient, type WireSmsSession } from '../../src/gws/index.js';
import { TEST_GWS_CLIENT_SETTINGS } from './gws-client.js';

export function basic(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

export interface CometdPeerOptions {
  /** User name → password, for Basic authentication on REST and CometD. */
  users: Record<string, string>;
  /** The long-poll hold CometD advises, in ms. */
  timeoutMs?: number;
}

interface HttpSession {
  user: string;
  csrfToken: string;
  /** The last referenceId this HTTP session handed out: GWS numbers requests per HTTP session. */
  referenceIds: number;
}

interface LiveSession {
  session: ServerSession;
  user: string;
  server: CometDServer;
  /** Whether CometD holds a long-poll of this session now. */
  suspended: boolean;
}

/**
 * A GWS stand-in on 127.0.0.1 for the notification stream: `GET /api/v2/me` (Basic auth,
 * JSESSIONID, CSRF headers), `GET /api/v2/me/smssessions`, and real CometD (cometd-nodejs-server)
 * at `/api/v2/notifications`, which demands the same Basic credential, JSESSIONID and CSRF token.
 */
export class CometdPeer {
  /** A GWS client of this peer that gives up and retries fast, for tests. */
  client(logger: Logger, notificationChannels?: readonly string[]): GwsClient {
    return new GwsClient({
      baseUrl: this.url,
      timeoutMs: 2_000,
      sessionIdleTtlMs: 60_000,
      maxAgentSessions: 10,
      notificationBackoffInitialMs: 40,
      notificationBackoffMaxMs: 200,
      notificationWatchdogMarginMs: 300,
      ...TEST_GWS_CLIENT_SETTINGS,
      ...(notificationChannels ? { notificationChannels } : {}),
      logger,
    });
  }

  /** The base URL, e.g. `http://127.0.0.1:12345`. */
  url = '';
  /** Every HTTP request, authenticated or not. */
  requests = 0;
  meRequests = 0;
  /** Every handshake CometD saw, accepted or not, with the headers it came with. */
  readonly handshakes: { user: string; headers: http.IncomingHttpHeaders }[] = [];
  readonly subscriptions: { user: string; channel: string }[] = [];
  /** Every CometD session that ended; `timeout` false means the client disconnected. */
  readonly removals: { user: string; timeout: boolean }[] = [];
  /** Users whose CometD handshake is denied (`403::handshake_denied`, reconnect `none`). */
  readonly deniedUsers = new Set<string>();
  /** What `GET /api/v2/me/smssessions?fields=*` answers, per user. */
  readonly smsSessions = new Map<string, WireSmsSession[]>();
  /** When set, the session list is read at once but answered only when this resolves. */
  sessionListHeld: Promise<void> | undefined;
  /** When set, the session list is refused with this HTTP status instead. */
  sessionListRefusal: number | undefined;
  /** Long-polls the peer held without answering that the client then abandoned. */
  abandonedConnects = 0;

  private readonly server = http.createServer((request, response) => {
    this.handle(request, response);
  });
  private cometd!: CometDServer;
  private readonly servers: CometDServer[] = [];
  private readonly httpSessions = new Map<string, HttpSession>();
  private readonly live = new Map<string, LiveSession>();
  private readonly held = new Set<http.ServerResponse>();
  private connectsToHold = 0;
  private brokenAnswers: { status: number; body: string }[] = [];

  private constructor(private readonly options: CometdPeerOptions) {
    this.startCometd();
  }

  static async start(options: CometdPeerOptions): Promise<CometdPeer> {
    const peer = new CometdPeer(options);
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    peer.url = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
    return peer;
  }

  /** CometD sessions of the running notification service, of one user or of all. */
  connectedClients(user?: string): number {
    let count = 0;
    for (const live of this.live.values()) {
      if (live.server === this.cometd && (user === undefined || live.user === user)) count += 1;
    }
    return count;
  }

  /** Long-polls the running notification service holds now, of one user or of all. */
  suspendedConnects(user?: string): number {
    let count = 0;
    for (const live of this.live.values()) {
      if (live.server !== this.cometd || !live.suspended) continue;
      if (user === undefined || live.user === user) count += 1;
    }
    return count;
  }

  /** Delivers to every CometD session of the user; returns how many there were. */
  deliver(user: string, channel: string, data: unknown): number {
    return this.deliverBatch(user, channel, [data]);
  }

  /**
   * Delivers all of `batch` to every CometD session of the user in one answer to its long-poll,
   * as GWS answers once a backlog has built up; returns how many sessions there were.
   */
  deliverBatch(user: string, channel: string, batch: readonly unknown[]): number {
    let count = 0;
    for (const live of this.live.values()) {
      if (live.server !== this.cometd || live.user !== user) continue;
      live.session.batch(() => {
        for (const data of batch) live.session.deliver(null, channel, data);
      });
      count += 1;
    }
    return count;
  }

  /** Ends every CometD session from the server side (a `/meta/disconnect` reaches the client). */
  disconnectAll(): void {
    for (const live of this.live.values()) live.session.disconnect();
  }

  /**
   * A restarted notification service: a fresh CometD that knows no client. Long-polls held by the
   * old one end at their advised timeout; the next one is answered `402::session_unknown`.
   */
  restart(): void {
    this.cometd.close();
    this.startCometd();
  }

  /** Holds the next `count` long-polls unanswered until the client gives up or the peer closes. */
  holdConnects(count: number): void {
    this.connectsToHold = count;
  }

  /** The next `count` CometD requests are answered with this instead of Bayeux. */
  breakNotifications(count: number, status: number, body: string): void {
    this.brokenAnswers = Array.from({ length: count }, () => ({ status, body }));
  }

  get heldConnects(): number {
    return this.held.size;
  }

  /** Forgets every HTTP session: the next CometD request is refused as a stale CSRF token. */
  expireHttpSessions(): void {
    this.httpSessions.clear();
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.held.clear();
    // Disconnecting releases held long-polls and their timers; closing stops the sweepers.
    for (const live of [...this.live.values()]) live.session.disconnect();
    for (const server of this.servers) server.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private startCometd(): void {
    const server = cometdNodejsServer.createCometDServer({
      timeout: this.options.timeoutMs ?? 1000,
    });
    server.policy = {
      canHandshake: (session, _message, callback) => {
        const request = server.context.request as http.IncomingMessage;
        const user = this.userOf(request) ?? '';
        this.handshakes.push({ user, headers: request.headers });
        if (this.deniedUsers.has(user)) {
          callback(undefined, false);
          return;
        }
        const live: LiveSession = { session, user, server, suspended: false };
        session.addListener('suspended', () => (live.suspended = true));
        session.addListener('resumed', () => (live.suspended = false));
        this.live.set(session.id, live);
        callback(undefined, true);
      },
    };
    server.addListener('subscribed', (channel: { name: string }, session: ServerSession) => {
      this.subscriptions.push({
        user: this.live.get(session.id)?.user ?? '',
        channel: channel.name,
      });
    });
    server.addListener('sessionRemoved', (session: ServerSession, timeout: boolean) => {
      const live = this.live.get(session.id);
      this.live.delete(session.id);
      this.removals.push({ user: live?.user ?? '', timeout });
    });
    this.servers.push(server);
    this.cometd = server;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.requests += 1;
    const path = new URL(request.url ?? '/', 'http://peer').pathname;
    const user = this.userOf(request);
    if (!user) {
      respondJson(response, 401, { statusCode: 20, statusMessage: 'Access denied' });
      return;
    }
    if (request.method === 'GET' && path === '/api/v2/me') {
      this.me(request, response, user);
    } else if (request.method === 'GET' && path === '/api/v2/me/smssessions') {
      const smssessions = this.smsSessions.get(user) ?? [];
      if (this.sessionListRefusal !== undefined) {
        respondJson(response, this.sessionListRefusal, { statusCode: 1, statusMessage: 'Refused' });
        return;
      }
      void (this.sessionListHeld ?? Promise.resolve()).then(() =>
        respondJson(response, 200, { statusCode: 0, smssessions }),
      );
    } else if (request.method === 'POST' && path === '/api/v2/notifications') {
      this.notifications(request, response, user);
    } else if (request.method === 'POST' && path.startsWith('/api/v2/me/smssessions/')) {
      this.operation(request, response, user);
    } else {
      respondJson(response, 404, { statusCode: 6, statusMessage: 'Not found' });
    }
  }

  private me(request: http.IncomingMessage, response: http.ServerResponse, user: string): void {
    this.meRequests += 1;
    let id = cookie(request, 'JSESSIONID');
    let httpSession = id ? this.httpSessions.get(id) : undefined;
    if (!id || !httpSession || httpSession.user !== user) {
      id = randomUUID();
      httpSession = { user, csrfToken: randomUUID(), referenceIds: 0 };
      this.httpSessions.set(id, httpSession);
      response.setHeader('set-cookie', `JSESSIONID=${id}; Path=/; HttpOnly`);
    }
    response.setHeader('x-csrf-header', 'X-CSRF-TOKEN');
    response.setHeader('x-csrf-token', httpSession.csrfToken);
    respondJson(response, 200, { statusCode: 0, user: { id: user, userName: user } });
  }

  private notifications(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    user: string,
  ): void {
    const broken = this.brokenAnswers.shift();
    if (broken) {
      response.writeHead(broken.status, { 'content-type': 'text/html' });
      response.end(broken.body);
      return;
    }
    const id = cookie(request, 'JSESSIONID');
    const httpSession = id ? this.httpSessions.get(id) : undefined;
    if (httpSession?.user !== user || request.headers['x-csrf-token'] !== httpSession.csrfToken) {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('Missing or invalid Csrf token');
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let messages: { channel?: string }[];
      try {
        messages = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { channel?: string }[];
      } catch {
        response.writeHead(400).end();
        return;
      }
      if (this.connectsToHold > 0 && messages[0]?.channel === '/meta/connect') {
        this.connectsToHold -= 1;
        this.held.add(response);
        response.on('close', () => {
          if (this.held.delete(response)) this.abandonedConnects += 1;
        });
        return;
      }
      (request as http.IncomingMessage & { body: unknown }).body = messages;
      this.cometd.handle(request, response);
    });
  }

  /** Any SMS operation is accepted and numbered in its HTTP session; nothing is published. */
  private operation(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    user: string,
  ): void {
    const id = cookie(request, 'JSESSIONID');
    const httpSession = id ? this.httpSessions.get(id) : undefined;
    if (httpSession?.user !== user || request.headers['x-csrf-token'] !== httpSession.csrfToken) {
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end('Missing or invalid Csrf token');
      return;
    }
    request.resume();
    request.on('end', () => {
      httpSession.referenceIds += 1;
      respondJson(response, 200, { statusCode: 0, referenceId: httpSession.referenceIds });
    });
  }

  private userOf(request: http.IncomingMessage): string | undefined {
    const match = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    const user = decoded.slice(0, separator);
    return separator > 0 && this.options.users[user] === decoded.slice(separator + 1)
      ? user
      : undefined;
  }
}

function cookie(request: http.IncomingMessage, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [key, value] = pair.trim().split('=');
    if (key === name) return value;
  }
  return undefined;
}

function respondJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
