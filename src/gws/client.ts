import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AgentSession } from './agent-session.js';
import { GwsError } from './errors.js';
import {
  NOTIFICATIONS_PATH,
  NotificationStream,
  type NotificationStreamHandlers,
  type NotificationStreamTuning,
} from './notification-stream.js';
import { HttpTransport } from './transport.js';

export interface GwsClientOptions {
  /** The GWS base URL, e.g. `http://gws.example.com:8090`. */
  baseUrl: string;
  /** Timeout of every upstream request, in milliseconds. */
  timeoutMs: number;
  /** An agent's upstream session is forgotten after this long unused, in milliseconds. */
  sessionIdleTtlMs: number;
  /** At most this many agents' upstream sessions are kept; the least recently used goes first. */
  maxAgentSessions: number;
  /** The largest answer body read from GWS, in bytes. */
  maxResponseBytes?: number;
  /**
   * Notification stream: the pause before the first re-handshake after a break, in milliseconds;
   * it doubles per failure (with jitter). Default 1,000.
   */
  notificationBackoffInitialMs?: number;
  /** Notification stream: the longest pause between re-handshakes, in ms. Default 30,000. */
  notificationBackoffMaxMs?: number;
  /**
   * Notification stream: a long-poll still unanswered this long after the hold GWS advised is
   * presumed stalled and the stream reconnects, in milliseconds. Default 10,000.
   */
  notificationWatchdogMarginMs?: number;
  logger: Logger;
}

const NOTIFICATION_DEFAULTS = {
  backoffInitialMs: 1_000,
  backoffMaxMs: 30_000,
  watchdogMarginMs: 10_000,
};

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const PROBE_ANSWER_TTL_MS = 1_000;
const BASIC_CREDENTIAL = /^basic [A-Za-z0-9+/=._~-]{1,4096}$/i;

/** The gateway's way to GWS: one upstream session per agent credential. */
export class GwsClient {
  private readonly transport: HttpTransport;
  private readonly sessions = new Map<string, { session: AgentSession; lastUsedAt: number }>();
  /** Keys the credential hash, so the hash says nothing outside this process. */
  private readonly hashKey = randomBytes(32);
  private probing: Promise<boolean> | undefined;
  private lastProbe: { at: number; reachable: boolean } | undefined;

  constructor(private readonly options: GwsClientOptions) {
    this.transport = new HttpTransport({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      logger: options.logger,
    });
  }

  /** The upstream URL of a GWS path, for the notification stream. */
  url(path: string): URL {
    return this.transport.url(path);
  }

  /**
   * The upstream session of the agent with this `Authorization` header value.
   * @throws GwsError `unauthenticated` when there is no usable Basic credential; nothing is sent.
   */
  agentSession(authorization: string | undefined): AgentSession {
    const credential = authorization?.trim();
    if (!credential) throw new GwsError('unauthenticated', 'Credentials are required.');
    if (!BASIC_CREDENTIAL.test(credential)) {
      throw new GwsError(
        'unauthenticated',
        'Expected an Authorization header of the Basic scheme.',
      );
    }
    const key = createHmac('sha256', this.hashKey).update(credential).digest('hex');
    const now = Date.now();
    const entry = this.sessions.get(key);
    if (entry && now - entry.lastUsedAt < this.options.sessionIdleTtlMs) {
      // Re-inserting keeps the map in least-recently-used order.
      this.sessions.delete(key);
      entry.lastUsedAt = now;
      this.sessions.set(key, entry);
      return entry.session;
    }
    this.evict(now);
    const session = new AgentSession(key, credential, this.transport, (rejected) => {
      if (this.sessions.get(rejected.key)?.session === rejected) this.sessions.delete(rejected.key);
    });
    this.sessions.set(key, { session, lastUsedAt: now });
    return session;
  }

  /**
   * Opens the agent's CometD notification stream; it connects at once and keeps reconnecting until
   * closed or refused. The caller closes it: {@link GwsClient.close} does not.
   * @param tuning overrides the pacing taken from the client's options.
   */
  openNotificationStream(
    session: AgentSession,
    handlers: NotificationStreamHandlers,
    tuning: Partial<NotificationStreamTuning> = {},
  ): NotificationStream {
    const { options } = this;
    return new NotificationStream(session, handlers, {
      requestTimeoutMs: options.timeoutMs,
      backoffInitialMs:
        options.notificationBackoffInitialMs ?? NOTIFICATION_DEFAULTS.backoffInitialMs,
      backoffMaxMs: options.notificationBackoffMaxMs ?? NOTIFICATION_DEFAULTS.backoffMaxMs,
      watchdogMarginMs:
        options.notificationWatchdogMarginMs ?? NOTIFICATION_DEFAULTS.watchdogMarginMs,
      ...tuning,
      url: this.url(NOTIFICATIONS_PATH),
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      logger: options.logger.child({ agent: session.key }),
    });
  }

  /**
   * Whether GWS answers HTTP at all: an unauthenticated probe answered 401 counts as reachable.
   * Concurrent callers share one probe, and its answer holds for a second, so readiness checks
   * cannot flood GWS.
   */
  probe(): Promise<boolean> {
    if (this.lastProbe && Date.now() - this.lastProbe.at < PROBE_ANSWER_TTL_MS) {
      return Promise.resolve(this.lastProbe.reachable);
    }
    this.probing ??= this.transport
      .request({ method: 'GET', path: '/api/v2/me', headers: {} })
      .then(
        () => true,
        () => false,
      )
      .then((reachable) => {
        this.lastProbe = { at: Date.now(), reachable };
        this.probing = undefined;
        return reachable;
      });
    return this.probing;
  }

  /** How many agents' upstream sessions are held now. */
  get agentSessionCount(): number {
    return this.sessions.size;
  }

  close(): void {
    this.sessions.clear();
    this.transport.close();
  }

  private evict(now: number): void {
    for (const [key, entry] of this.sessions) {
      const idle = now - entry.lastUsedAt >= this.options.sessionIdleTtlMs;
      if (!idle && this.sessions.size < this.options.maxAgentSessions) break;
      this.sessions.delete(key);
    }
  }
}
