/**
 * A Bayeux (CometD) long-polling server, as lean as one simulated GWS notification service
 * needs: handshake, /meta/connect held until a delivery or the timeout, /meta/subscribe and
 * /meta/unsubscribe with wildcard patterns, /meta/disconnect, and session expiry once a client
 * stops polling. Its answers are those of CometD's servers (cometd-nodejs-server, which the
 * simulator used before, down to field order), as CometD's clients and the gateway expect them.
 * Each session belongs to an owner (an agent), keeps the origin the caller gave with its handshake
 * request (the HTTP session), and is found by its clientId among its owner's sessions only; who
 * may handshake and what a session may do is the caller's policy.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** What arrives; the caller checked that `channel` is a string. */
export interface BayeuxMessage {
  channel: string;
  id?: unknown;
  clientId?: unknown;
  subscription?: unknown;
  advice?: { timeout?: unknown; interval?: unknown };
}

export interface BayeuxTimings {
  /** How long a /meta/connect is held, unless the client advises otherwise. */
  timeoutMs: number;
  /** The pause advised between an answered /meta/connect and the next. */
  intervalMs: number;
  /** How long a session outlives its last answered /meta/connect without polling again. */
  maxIntervalMs: number;
}

/** CometD's defaults (cometd-nodejs-server's and the Java server's). */
export const DEFAULT_TIMINGS: BayeuxTimings = {
  timeoutMs: 30_000,
  intervalMs: 0,
  maxIntervalMs: 10_000,
};

export interface BayeuxPolicy<Owner, Origin = void> {
  /** Whether `owner` may open one more session. */
  canHandshake(owner: Owner): boolean;
  /** Whether the session may hold `count` more subscriptions. */
  canSubscribe(session: BayeuxSession<Owner, Origin>, count: number): boolean;
  /** A handshake opened the session. */
  added(session: BayeuxSession<Owner, Origin>): void;
  /** A session subscribed to a channel it was not subscribed to. */
  subscribed(session: BayeuxSession<Owner, Origin>): void;
  /** The session is gone: disconnected by either side, or expired. */
  removed(session: BayeuxSession<Owner, Origin>): void;
}

/** A /meta/connect waiting for something to deliver. */
interface HeldConnect {
  readonly response: ServerResponse;
  /** The connect's own reply, JSON, after the messages it carries. */
  readonly reply: string;
  readonly timer: NodeJS.Timeout;
  readonly onClose: () => void;
}

export class BayeuxSession<Owner, Origin = void> {
  /** The channel patterns subscribed to, at most as many as the policy allows. */
  readonly subscriptions: string[] = [];
  /** Messages (JSON) waiting for the next answer, at most {@link MAX_QUEUED_MESSAGES}. */
  queue: string[] = [];
  held: HeldConnect | undefined = undefined;
  /** The hold and pause the client last advised on /meta/connect; -1 when it advised none. */
  clientTimeoutMs = -1;
  clientIntervalMs = -1;
  /** When the session expires, in ms since the epoch; 0 while a /meta/connect is in progress. */
  expiresAt = 0;

  constructor(
    readonly id: string,
    readonly owner: Owner,
    /** What the caller remembers of the handshake request, beside its owner. */
    readonly origin: Origin,
  ) {}

  /** The messages waiting, taken for an answer. */
  takeQueue(): string[] {
    const queue = this.queue;
    this.queue = [];
    return queue;
  }

  /** Whether a message on `channel` reaches this session. */
  isSubscribed(channel: string): boolean {
    return this.subscriptions.some((pattern) => matches(pattern, channel));
  }
}

/**
 * A session that lets more pile up than this without polling is dropped: its client is told to
 * handshake again, as after an expiry. Far above what one publish and a poll's round trip add.
 */
export const MAX_QUEUED_MESSAGES = 1_000;
/** The HTTP status of a /meta/connect cut short by a newer one of the same client. */
const DUPLICATE_CONNECT_STATUS = 500;
const SWEEP_PERIOD_MS = 997;
const DISCONNECT_MESSAGE = JSON.stringify({ successful: true, channel: '/meta/disconnect' });

export class BayeuxServer<Owner, Origin = void> {
  private readonly sessions = new Map<string, BayeuxSession<Owner, Origin>>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly advice: string;

  constructor(
    private readonly policy: BayeuxPolicy<Owner, Origin>,
    private readonly timings: BayeuxTimings = DEFAULT_TIMINGS,
  ) {
    this.advice = JSON.stringify({
      reconnect: 'retry',
      timeout: timings.timeoutMs,
      interval: timings.intervalMs,
    });
    this.sweeper = setInterval(() => this.sweep(), SWEEP_PERIOD_MS);
    this.sweeper.unref();
  }

  /**
   * Answers one POST of Bayeux messages from `owner` (undefined: not authenticated); a session
   * it opens keeps `origin`.
   */
  handle(
    owner: Owner | undefined,
    messages: readonly BayeuxMessage[],
    response: ServerResponse,
    origin: Origin,
  ) {
    const [first] = messages;
    if (!first) return endEmpty(response, 400);
    if (first.channel === '/meta/handshake') {
      // A protocol violation.
      if (messages.length > 1) return endEmpty(response, 500);
      return this.handshake(owner, origin, first, response);
    }
    const session = owner === undefined ? undefined : this.find(owner, first.clientId);
    if (session && messages.length === 1 && first.channel === '/meta/connect') {
      return this.connect(session, first, response);
    }
    const replies: string[] = [];
    let polled = false;
    for (const message of messages) {
      const reply = this.reply(session, message);
      if (reply === undefined) return endEmpty(response, 500);
      replies.push(reply);
      if (message.channel === '/meta/connect') polled = true;
    }
    if (session && polled) this.scheduleExpiry(session);
    send(response, session ? session.takeQueue() : [], replies.join(','));
  }

  /** Queues a message (JSON) for the session; {@link flush} sends what is queued. */
  deliver(session: BayeuxSession<Owner, Origin>, message: string): void {
    if (session.queue.length >= MAX_QUEUED_MESSAGES) {
      this.remove(session);
      return;
    }
    session.queue.push(message);
  }

  /** Answers the session's held /meta/connect, if any, with every queued message. */
  flush(session: BayeuxSession<Owner, Origin>): void {
    if (session.held && session.queue.length > 0) this.answer(session, session.held);
  }

  /** Forgets the session and tells its held /meta/connect, as CometD's servers do. */
  disconnect(session: BayeuxSession<Owner, Origin>): void {
    if (!this.remove(session)) return;
    this.deliver(session, DISCONNECT_MESSAGE);
    this.flush(session);
  }

  /**
   * The server restarts: held /meta/connects lose their connection, unanswered, and every
   * session is forgotten, so clients learn it from their next request (`402::session_unknown`).
   */
  restart(): void {
    for (const session of this.sessions.values()) {
      const held = session.held;
      if (held) {
        this.release(session, held);
        held.response.socket?.destroy();
      }
      this.remove(session);
    }
  }

  /** Disconnects every session and stops expiring them. */
  close(): void {
    for (const session of this.sessions.values()) this.disconnect(session);
    clearInterval(this.sweeper);
  }

  private handshake(
    owner: Owner | undefined,
    origin: Origin,
    message: BayeuxMessage,
    response: ServerResponse,
  ) {
    const head = replyHead(message);
    if (owner === undefined || !this.policy.canHandshake(owner)) {
      return send(
        response,
        [],
        `${head},"successful":false,"error":"403::handshake_denied","advice":{"reconnect":"none"}}`,
      );
    }
    const session = new BayeuxSession(randomBytes(20).toString('hex'), owner, origin);
    this.sessions.set(session.id, session);
    this.policy.added(session);
    this.scheduleExpiry(session);
    send(
      response,
      [],
      `${head},"successful":true,"clientId":"${session.id}","version":"1.0",` +
        `"supportedConnectionTypes":["long-polling"],"advice":${this.advice}}`,
    );
  }

  /** A lone /meta/connect of a known session: held while nothing waits, unless told not to. */
  private connect(
    session: BayeuxSession<Owner, Origin>,
    message: BayeuxMessage,
    response: ServerResponse,
  ) {
    this.startConnect(session, message);
    const head = `${replyHead(message)},"successful":true`;
    if (session.queue.length > 0) {
      this.scheduleExpiry(session);
      return send(response, session.takeQueue(), `${head}}`);
    }
    const reply = message.advice ? `${head},"advice":${this.advice}}` : `${head}}`;
    const timeoutMs =
      session.clientTimeoutMs >= 0 ? session.clientTimeoutMs : this.timings.timeoutMs;
    if (timeoutMs <= 0) {
      this.scheduleExpiry(session);
      return send(response, [], reply);
    }
    const held: HeldConnect = {
      response,
      reply,
      timer: setTimeout(() => this.answer(session, held), timeoutMs),
      // A client that gave up on its poll has its messages kept for the next one.
      onClose: () => this.release(session, held),
    };
    session.held = held;
    response.on('close', held.onClose);
  }

  /** A /meta/connect replaces the client's held one, if any, and stops the session's expiry. */
  private startConnect(session: BayeuxSession<Owner, Origin>, message: BayeuxMessage): void {
    const earlier = session.held;
    if (earlier) {
      this.release(session, earlier);
      endEmpty(earlier.response, DUPLICATE_CONNECT_STATUS);
    }
    const advice = message.advice;
    session.clientTimeoutMs = advised(advice?.timeout);
    session.clientIntervalMs = advised(advice?.interval);
    session.expiresAt = 0;
  }

  /** Answers the held /meta/connect with every queued message. */
  private answer(session: BayeuxSession<Owner, Origin>, held: HeldConnect): void {
    this.release(session, held);
    send(held.response, session.takeQueue(), held.reply);
  }

  /** Ends the hold (answered, replaced or abandoned); the session may expire from now on. */
  private release(session: BayeuxSession<Owner, Origin>, held: HeldConnect): void {
    if (session.held !== held) return;
    session.held = undefined;
    clearTimeout(held.timer);
    held.response.off('close', held.onClose);
    this.scheduleExpiry(session);
  }

  /** The reply to one message of a request that is not a lone /meta/connect; undefined: HTTP 500. */
  private reply(session: BayeuxSession<Owner, Origin> | undefined, message: BayeuxMessage) {
    const { channel } = message;
    const head = replyHead(message);
    if (!session) {
      const advice =
        channel === '/meta/connect' ? ',"advice":{"reconnect":"handshake","interval":0}' : '';
      return `${head},"successful":false,"error":"402::session_unknown"${advice}}`;
    }
    if (channel === '') return `${head},"successful":false,"error":"400::channel_missing"}`;
    if (channel === '/meta/connect') {
      this.startConnect(session, message);
      return `${head},"successful":true}`;
    }
    this.postponeExpiry(session);
    switch (channel) {
      case '/meta/subscribe':
        return `${head}${subscriptionField(message)},${this.subscribe(session, message.subscription)}}`;
      case '/meta/unsubscribe':
        return `${head}${subscriptionField(message)},${unsubscribe(session, message.subscription)}}`;
      case '/meta/disconnect': {
        this.remove(session);
        if (session.held) this.answer(session, session.held);
        return `${head},"successful":true}`;
      }
      default:
        if (channel.startsWith('/meta/')) return undefined;
        // Only the server publishes.
        return `${head},"successful":false,"error":"403::publish_denied"}`;
    }
  }

  private subscribe(session: BayeuxSession<Owner, Origin>, subscription: unknown): string {
    const patterns = channelList(subscription);
    if (!patterns) return '"successful":false,"error":"403::subscription_missing"';
    if (!patterns.every(isChannelName) || !this.policy.canSubscribe(session, patterns.length)) {
      return '"successful":false,"error":"403::subscribe_denied"';
    }
    if (patterns.some((pattern) => pattern.startsWith('/meta/'))) {
      return '"successful":false,"error":"403::subscribe_failed"';
    }
    for (const pattern of patterns) {
      // Service channels are answered, never delivered to.
      if (pattern.startsWith('/service/') || session.subscriptions.includes(pattern)) continue;
      session.subscriptions.push(pattern);
      this.policy.subscribed(session);
    }
    return '"successful":true';
  }

  private find(owner: Owner, clientId: unknown): BayeuxSession<Owner, Origin> | undefined {
    if (typeof clientId !== 'string') return undefined;
    const session = this.sessions.get(clientId);
    return session?.owner === owner ? session : undefined;
  }

  private remove(session: BayeuxSession<Owner, Origin>): boolean {
    if (!this.sessions.delete(session.id)) return false;
    session.subscriptions.length = 0;
    this.policy.removed(session);
    return true;
  }

  private scheduleExpiry(session: BayeuxSession<Owner, Origin>): void {
    const intervalMs =
      session.clientIntervalMs >= 0 ? session.clientIntervalMs : this.timings.intervalMs;
    session.expiresAt = Date.now() + intervalMs + this.timings.maxIntervalMs;
  }

  /** Any message but /meta/connect restarts the wait for the next poll, unless one is on. */
  private postponeExpiry(session: BayeuxSession<Owner, Origin>): void {
    if (session.expiresAt !== 0) this.scheduleExpiry(session);
  }

  private sweep(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (session.expiresAt !== 0 && now > session.expiresAt) this.remove(session);
    }
  }
}

/** `{"id":…,"channel":…`: a reply's first fields, open for the rest. */
function replyHead(message: BayeuxMessage): string {
  const channel = JSON.stringify(message.channel);
  if (message.id === undefined) return `{"channel":${channel}`;
  return `{"id":${JSON.stringify(message.id)},"channel":${channel}`;
}

/** The `subscription` echoed as it came, if it came. */
function subscriptionField(message: BayeuxMessage): string {
  const json = JSON.stringify(message.subscription);
  return json === undefined ? '' : `,"subscription":${json}`;
}

function unsubscribe<Owner, Origin>(
  session: BayeuxSession<Owner, Origin>,
  subscription: unknown,
): string {
  const patterns = channelList(subscription);
  if (!patterns) return '"successful":false,"error":"403::subscription_missing"';
  for (const pattern of patterns) {
    const index = session.subscriptions.indexOf(pattern as string);
    if (index >= 0) session.subscriptions.splice(index, 1);
  }
  return '"successful":true';
}

/** One channel or several, as `subscription` may carry; undefined when there is none. */
function channelList(subscription: unknown): unknown[] | undefined {
  if (subscription === undefined || subscription === null || subscription === '') return undefined;
  return Array.isArray(subscription) ? subscription : [subscription];
}

function isChannelName(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && value !== '/';
}

/** A client's advised ms, or -1 for none. */
function advised(value: unknown): number {
  return typeof value === 'number' && value >= 0 ? value : -1;
}

/** `[queued…, replies]` with status 200, as JSON. */
function send(response: ServerResponse, queue: readonly string[], replies: string): void {
  const body = queue.length === 0 ? `[${replies}]` : `[${queue.join(',')},${replies}]`;
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

function endEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'Content-Length': 0 });
  response.end();
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
