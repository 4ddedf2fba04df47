import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AgentSession, type AgentSessionSurroundings } from './agent-session.js';
import { LearnedDialect } from './dialect.js';
import { GwsError } from './errors.js';
import { parseBasicCredential, type BasicCredential } from './credential.js';
import {
  NotificationStream,
  type NotificationStreamHandlers,
  type NotificationStreamTuning,
} from './notification-stream.js';
import type { UpstreamObserver } from './observer.js';
import { ME_PATH } from './paths.js';
import { AgentSessionShare, SHARED_SESSION_TTL_MS, type SharedValues } from './shared-session.js';
import { RECONNECT_POLICY, ReconnectGate } from './reconnect-policy.js';
import { SignInGuard, type SharedSignInStore, type SignInGuardOptions } from './sign-in-guard.js';
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
  /** The largest answer body read from GWS, in bytes. Default: DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  /**
   * The most connections REST calls hold open to GWS at once; more requests wait for one, within
   * their timeout. Notification long-polls have connections of their own.
   */
  maxSockets: number;
  /**
   * An idle pooled connection to GWS is closed after this long, before GWS's own idle timeout can
   * drop it under a request, in milliseconds.
   */
  keepAliveIdleMs: number;
  /**
   * Notification stream: its own pause before the first re-handshake after a break, in
   * milliseconds; it doubles per failure (with jitter). Default: RECONNECT_POLICY's.
   */
  notificationBackoffInitialMs?: number;
  /** Notification stream: the longest such pause, in ms. Default: RECONNECT_POLICY's. */
  notificationBackoffMaxMs?: number;
  /**
   * Notification stream: a long-poll still unanswered this long after the hold GWS advised is
   * presumed stalled and the stream reconnects, in milliseconds. Default
   * NOTIFICATION_DEFAULTS.watchdogMarginMs.
   */
  notificationWatchdogMarginMs?: number;
  /**
   * Notification stream: the CometD channels (Bayeux patterns) subscribed to; SMS notifications
   * are recognised by content on any of them.
   */
  notificationChannels: readonly string[];
  /** Sign-in protection; see {@link SignInGuard}. */
  signIn: SignInSettings;
  /**
   * Where sign-ins are also counted, with other processes', before GWS is asked. Default: none,
   * this process's guard alone. A store that fails is passed over: the process's guard holds.
   */
  sharedSignIn?: SharedSignInStore | undefined;
  /**
   * Where processes share each agent's upstream HTTP session, so that the agent's SMS operations
   * go in the session that carries its notification stream, wherever that is. Default: none, each
   * process sends in its own (right in one process). Needs a shared `credentialHashKey`.
   */
  sharedSessions?: SharedValues | undefined;
  /** Told of every REST request to GWS, e.g. for metrics. */
  observer?: UpstreamObserver | undefined;
  /**
   * The key of the credential hash that names each agent. Processes that share it name an agent
   * alike, so they can share its stream, log and limits. Default: random, this process's alone.
   */
  credentialHashKey?: string | undefined;
  logger: Logger;
}

/** How sign-ins are guarded, as configured; the rest of SignInGuardOptions is the client's own. */
export type SignInSettings = Omit<SignInGuardOptions, 'capacity' | 'acceptedTtlMs'>;

/** How long a credential GWS accepted is let through unthrottled: a day. */
export const SIGN_IN_ACCEPTED_TTL_MS = 24 * 60 * 60_000;

const NOTIFICATION_DEFAULTS = {
  backoffInitialMs: RECONNECT_POLICY.backoffInitialMs,
  backoffMaxMs: RECONNECT_POLICY.backoffMaxMs,
  watchdogMarginMs: 10_000,
};

const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const PROBE_ANSWER_TTL_MS = 1_000;
const HASH_KEY_BYTES = 32;
const MAX_UNVERIFIED_SESSIONS = 1_000;

/** An agent's credential as read once: what it says and the keyed hash that names the agent. */
export interface AgentIdentity {
  readonly credential: BasicCredential;
  /** The keyed hash of the credential: safe to log, equal for every spelling of it. */
  readonly key: string;
}

/** The gateway's way to GWS: one upstream session per agent credential. */
export class GwsClient {
  private readonly transport: HttpTransport;
  /** Sessions whose credential GWS accepted. */
  private readonly verified: SessionCache;
  /**
   * Sessions not yet checked by GWS, apart and fewer, so a flood of made-up credentials cannot
   * push real agents' sessions out.
   */
  private readonly unverified: SessionCache;
  /** Keys the credential hash, so the hash says nothing to whoever lacks the key. */
  private readonly hashKey: Buffer;
  private readonly signIn: SignInGuard;
  /** What this GWS has shown of its dialect, for every agent's session with it. */
  private readonly dialect: LearnedDialect;
  /**
   * The sessions that carry an open notification stream, by agent, with how many: the agent's
   * requests go in that session while it is open, whatever the caches do, as GWS may notify only
   * the HTTP session that sent a request of what became of it.
   */
  private readonly streaming = new Map<string, { session: AgentSession; streams: number }>();
  /** Lets the client's broken notification streams handshake again, paced (RECONNECT_POLICY). */
  private readonly reconnectGate = new ReconnectGate({
    probe: () => this.answers(),
    probeIntervalMs: RECONNECT_POLICY.probeIntervalMs,
    handshakesPerSecond: RECONNECT_POLICY.handshakesPerSecond,
  });
  private probing: Promise<boolean> | undefined;
  private lastProbe: { at: number; reachable: boolean } | undefined;
  /** Shares each streaming session again before its share expires, with shared sessions. */
  private readonly shareRefresh: NodeJS.Timeout | undefined;

  constructor(private readonly options: GwsClientOptions) {
    this.hashKey =
      options.credentialHashKey === undefined
        ? randomBytes(HASH_KEY_BYTES)
        : Buffer.from(options.credentialHashKey, 'utf8');
    this.verified = new SessionCache(options.maxAgentSessions, options.sessionIdleTtlMs);
    this.unverified = new SessionCache(
      Math.min(options.maxAgentSessions, MAX_UNVERIFIED_SESSIONS),
      options.sessionIdleTtlMs,
    );
    this.transport = new HttpTransport({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxSockets: options.maxSockets,
      keepAliveIdleMs: options.keepAliveIdleMs,
      logger: options.logger,
      observer: options.observer,
    });
    this.signIn = new SignInGuard({
      ...options.signIn,
      acceptedTtlMs: SIGN_IN_ACCEPTED_TTL_MS,
      capacity: options.maxAgentSessions,
    });
    this.dialect = new LearnedDialect((fact, value) =>
      options.logger.info({ fact, value }, 'learnt how this GWS answers'),
    );
    if (options.sharedSessions) {
      this.shareRefresh = setInterval(() => {
        for (const { session } of this.streaming.values()) session.refreshShare();
      }, SHARED_SESSION_TTL_MS / 3);
      this.shareRefresh.unref();
    }
  }

  /**
   * The upstream session of the agent with this `Authorization` header value, or with this
   * identity (the value already read by {@link identify}). However the client spells the
   * credential (scheme case, whitespace, padding), one agent has one session.
   * @param origin where the request comes from (the client's address), as an opaque key: sign-ins
   *   with unknown credentials are counted per user name and origin.
   * @throws GwsError `unauthenticated` when there is no usable Basic credential or GWS refused this
   *   one a moment ago, `throttled` when the user name has used its sign-in attempts; nothing is
   *   sent then.
   */
  agentSession(authorization: string | undefined | AgentIdentity, origin: string): AgentSession {
    const { credential, key } =
      typeof authorization === 'object' ? authorization : this.identify(authorization);
    const streaming = this.streaming.get(key);
    if (streaming) return streaming.session;
    const now = Date.now();
    const known = this.verified.take(key, now) ?? this.unverified.take(key, now);
    if (known) return known;
    this.signIn.admit(key, credential.userName, origin, now);
    const shared = this.options.sharedSignIn;
    const session = new AgentSession(
      key,
      credential.header,
      this.transport,
      {
        signingIn: async () => {
          try {
            await shared?.admit(key, credential.userName, origin);
          } catch (error) {
            if (error instanceof GwsError) throw error;
            this.options.logger.warn(
              { err: (error as Error).message },
              'shared sign-in count not read',
            );
          }
        },
        verified: (verified) => {
          this.signIn.recordAccepted(key, credential.userName, origin);
          this.share(() => shared?.recordAccepted(key, credential.userName, origin));
          if (this.unverified.remove(verified)) this.verified.put(verified, Date.now());
        },
        rejected: (rejected) => {
          this.signIn.recordRefused(key);
          this.share(() => shared?.recordRefused(key));
          this.verified.remove(rejected);
          this.unverified.remove(rejected);
        },
      },
      this.surroundings(key, credential),
    );
    this.unverified.put(session, now);
    return session;
  }

  /**
   * Reads an `Authorization` value once: its Basic credential and the keyed hash that names its
   * agent (equal for every spelling of it), for the agent's session and per-agent accounting
   * such as rate limits.
   * @throws GwsError `unauthenticated` when there is no usable Basic credential.
   */
  identify(authorization: string | undefined): AgentIdentity {
    const credential = parseBasicCredential(authorization);
    return { credential, key: this.keyOf(credential.decoded) };
  }

  private surroundings(key: string, credential: BasicCredential): AgentSessionSurroundings {
    const { sharedSessions, logger } = this.options;
    return {
      dialect: this.dialect,
      share:
        sharedSessions &&
        new AgentSessionShare(sharedSessions, key, this.hashKey, credential.decoded),
      shareFailed: (what, error) =>
        logger.warn(
          { agent: key, what, err: (error as Error).message },
          'upstream session not shared; the agent’s own goes on',
        ),
    };
  }

  /** Tells the shared sign-in store; one that fails is logged, as the process's guard holds. */
  private share(record: () => Promise<void> | undefined): void {
    void record()?.catch((error: unknown) =>
      this.options.logger.warn({ err: (error as Error).message }, 'sign-in not shared'),
    );
  }

  private keyOf(decodedCredential: string): string {
    return createHmac('sha256', this.hashKey).update(decodedCredential).digest('hex');
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
    this.pin(session);
    return new NotificationStream(session, handlers, {
      requestTimeoutMs: options.timeoutMs,
      backoffInitialMs:
        options.notificationBackoffInitialMs ?? NOTIFICATION_DEFAULTS.backoffInitialMs,
      backoffMaxMs: options.notificationBackoffMaxMs ?? NOTIFICATION_DEFAULTS.backoffMaxMs,
      watchdogMarginMs:
        options.notificationWatchdogMarginMs ?? NOTIFICATION_DEFAULTS.watchdogMarginMs,
      ...tuning,
      channels: options.notificationChannels,
      reconnectGate: this.reconnectGate,
      logger: options.logger,
      ended: () => this.unpin(session),
    });
  }

  private pin(session: AgentSession): void {
    const entry = this.streaming.get(session.key);
    if (entry?.session === session) entry.streams += 1;
    else this.streaming.set(session.key, { session, streams: 1 });
  }

  private unpin(session: AgentSession): void {
    const entry = this.streaming.get(session.key);
    if (entry?.session !== session) return;
    entry.streams -= 1;
    if (entry.streams === 0) this.streaming.delete(session.key);
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
    this.probing ??= this.answers().then((reachable) => {
      this.lastProbe = { at: Date.now(), reachable };
      this.probing = undefined;
      return reachable;
    });
    return this.probing;
  }

  /** One unauthenticated GET /api/v2/me: whether GWS answers it at all, whatever the status. */
  private answers(): Promise<boolean> {
    return this.transport.request({ method: 'GET', path: ME_PATH, headers: {} }).then(
      () => true,
      () => false,
    );
  }

  /** How many agents' upstream sessions are held now. */
  get agentSessionCount(): number {
    return this.verified.size + this.unverified.size;
  }

  close(): void {
    clearInterval(this.shareRefresh);
    this.reconnectGate.close();
    this.verified.clear();
    this.unverified.clear();
    this.transport.close();
  }
}

/** Agent sessions by credential hash, least recently used first, bounded in count and idle time. */
class SessionCache {
  private readonly entries = new Map<string, { session: AgentSession; lastUsedAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly idleTtlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The session under this key if it is fresh, marked as just used. */
  take(key: string, now: number): AgentSession | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (now - entry.lastUsedAt >= this.idleTtlMs) return undefined;
    // Re-inserting keeps the map in least-recently-used order.
    entry.lastUsedAt = now;
    this.entries.set(key, entry);
    return entry.session;
  }

  put(session: AgentSession, now: number): void {
    this.entries.delete(session.key);
    for (const [key, entry] of this.entries) {
      const idle = now - entry.lastUsedAt >= this.idleTtlMs;
      if (!idle && this.entries.size < this.capacity) break;
      this.entries.delete(key);
    }
    this.entries.set(session.key, { session, lastUsedAt: now });
  }

  /** Forgets this very session (not a newer one under the same key); true when it was here. */
  remove(session: AgentSession): boolean {
    if (this.entries.get(session.key)?.session !== session) return false;
    return this.entries.delete(session.key);
  }

  clear(): void {
    this.entries.clear();
  }
}
