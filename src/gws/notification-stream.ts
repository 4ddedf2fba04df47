/**
 * One agent's live notifications from GWS: a Bayeux 1.0 long-polling client for CometD at
 * `/api/v2/notifications`, spoken over the agent's upstream HTTP session, the one REST uses.
 *
 * Not the `cometd` npm client: its Node adapter (cometd-nodejs-client) installs process-wide
 * globals (`window`, XMLHttpRequest, `console.debug`) and a process-wide cookie jar keyed by host,
 * unfit for one connection per agent that must carry that agent's own JSESSIONID and CSRF token.
 */
import type { Logger } from 'pino';
import type { AgentSession } from './agent-session.js';
import { GwsError } from './errors.js';
import { notificationKind } from './notification-kind.js';
import { backoffMs, type ReconnectGate } from './reconnect-policy.js';
import { describe } from './transport.js';
import type { WireSmsNotification } from './wire.js';

const NOTIFICATIONS_PATH = '/api/v2/notifications';
/**
 * One segment below /v2/me, as GWS's SMS topic is not documented; SMS notifications are told
 * from the others by their content.
 */
export const DEFAULT_NOTIFICATION_CHANNELS: readonly string[] = ['/v2/me/*'];
/** The best-effort `/meta/disconnect` on close waits no longer than this. */
const DISCONNECT_TIMEOUT_MS = 2_000;
/** An advised long-poll hold beyond this is not believed, so the watchdog still means something. */
const MAX_ADVISED_TIMEOUT_MS = 10 * 60_000;
/** CometD's default hold, until the server advises one. */
const DEFAULT_ADVISED_TIMEOUT_MS = 30_000;

export type NotificationStreamState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface NotificationStreamHandlers {
  /**
   * An SMS session notification, the channel it came on, and the upstream HTTP session it came
   * in ({@link AgentSession.upstreamSession}), whose requests' referenceIds it may carry.
   */
  onNotification(channel: string, data: WireSmsNotification, upstreamSession?: string): void;
  /** Handshaken and subscribed, the first time and after every break. */
  onConnected?(): void;
  /** The stream broke and is handshaking again: notifications may be missed until onConnected. */
  onInterrupted?(): void;
  /** Back after a break, with a new handshake and subscription: some notifications may be lost. */
  onReconnected(): void;
  /** The stream ended for good (credentials refused, GWS said not to come back); it is closed. */
  onFailure(error: GwsError): void;
}

/** How the stream paces itself; all in milliseconds. */
export interface NotificationStreamTuning {
  /** Timeout of the handshake and subscribe requests; the close-time disconnect waits less. */
  requestTimeoutMs: number;
  /**
   * The stream's own pause before the first re-handshake after a failure; it doubles per failure
   * (see RECONNECT_POLICY).
   */
  backoffInitialMs: number;
  /** The longest such pause; also caps an advised interval. */
  backoffMaxMs: number;
  /** A long-poll still unanswered this long after the server's advised hold is presumed stalled. */
  watchdogMarginMs: number;
}

export interface NotificationStreamOptions extends NotificationStreamTuning {
  /** The channels (Bayeux patterns) subscribed to after every handshake. */
  channels: readonly string[];
  /** Shared by the client's streams: lets a broken one handshake again once GWS answers. */
  reconnectGate: ReconnectGate;
  logger: Logger;
  /** Told once when the stream has ended for good: closed, or failed. */
  ended?: () => void;
}

interface BayeuxAdvice {
  reconnect?: unknown;
  interval?: unknown;
  timeout?: unknown;
}

interface BayeuxMessage {
  channel: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  advice?: BayeuxAdvice;
  data?: unknown;
  [field: string]: unknown;
}

/** A break the stream recovers from by handshaking again after a backoff. */
class StreamInterruption extends Error {}

/** A break the stream does not recover from: retrying would only repeat it. */
class StreamFailure extends Error {
  constructor(readonly error: GwsError) {
    super(error.message);
  }
}

/**
 * How a failed call of the agent's session affects the stream: refused credentials end it; GWS
 * being unreachable, or the stream closing, only interrupts it.
 */
function streamBreak(error: unknown, during: string): StreamInterruption | StreamFailure {
  if (error instanceof GwsError && error.kind !== 'unavailable' && error.kind !== 'cancelled') {
    return new StreamFailure(error);
  }
  return new StreamInterruption(`${during} failed (${describe(error)})`);
}

/**
 * A Bayeux long-polling session with GWS for one agent, re-established on every break until closed.
 * It starts connecting when constructed. Every request carries the agent's Basic credential,
 * cookies and CSRF token, and its `Set-Cookie` answers go back to the agent's jar, so REST and
 * CometD share one upstream HTTP session.
 */
export class NotificationStream {
  private currentState: NotificationStreamState = 'connecting';
  /** Aborted by close(): ends the in-flight long-poll, a pending REST call's wait and any pause. */
  private readonly lifetime = new AbortController();
  private readonly logger: Logger;
  private readonly running: Promise<void>;
  private closing: Promise<void> | undefined;
  private clientId: string | undefined;
  private messageId = 0;
  /** Failures since the last successful long-poll; sets the backoff. */
  private failures = 0;
  private advice = {
    reconnect: 'retry',
    interval: 0,
    timeout: DEFAULT_ADVISED_TIMEOUT_MS,
  };

  constructor(
    private readonly session: AgentSession,
    private readonly handlers: NotificationStreamHandlers,
    private readonly options: NotificationStreamOptions,
  ) {
    this.logger = options.logger;
    this.running = this.run();
  }

  get state(): NotificationStreamState {
    return this.currentState;
  }

  /**
   * Ends the stream: aborts the in-flight long-poll at once, tells GWS with a best-effort
   * `/meta/disconnect`, and resolves when no request or timer of the stream remains.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.currentState = 'closed';
    this.lifetime.abort();
    await this.running;
    this.session.streamDisconnected();
    const clientId = this.clientId;
    this.clientId = undefined;
    if (clientId) {
      const request = { channel: '/meta/disconnect', clientId, id: this.nextId() };
      try {
        await this.post([request], Math.min(this.options.requestTimeoutMs, DISCONNECT_TIMEOUT_MS));
      } catch (error) {
        this.logger.debug({ err: describe(error) }, 'notification disconnect not confirmed');
      }
    }
    this.logger.debug('notification stream closed');
    this.options.ended?.();
  }

  private get closed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Handshake, subscribe, long-poll; on a break, back off and start over. Never rejects. */
  private async run(): Promise<void> {
    let connectedBefore = false;
    while (!this.closed) {
      try {
        await this.handshake();
        if (this.closed) break;
        await this.subscribe();
        if (this.closed) break;
        this.currentState = 'connected';
        this.session.streamConnected();
        this.call('onConnected', () => this.handlers.onConnected?.());
        if (connectedBefore) {
          this.logger.info('notification stream reconnected');
          this.call('onReconnected', () => this.handlers.onReconnected());
        } else {
          this.logger.info('notification stream connected');
        }
        connectedBefore = true;
        await this.poll();
      } catch (error) {
        if (this.closed) break;
        if (error instanceof StreamFailure) {
          this.fail(error.error);
          return;
        }
        this.clientId = undefined;
        this.currentState = 'reconnecting';
        this.session.streamDisconnected();
        this.call('onInterrupted', () => this.handlers.onInterrupted?.());
        const delayMs = Math.max(this.advice.interval, this.backoff());
        this.logger.warn(
          { reason: describe(error), delayMs: Math.round(delayMs) },
          'notification stream interrupted; handshaking again',
        );
        await this.options.reconnectGate.waitTurn(delayMs, this.lifetime.signal);
      }
    }
  }

  private fail(error: GwsError): void {
    this.clientId = undefined;
    this.currentState = 'closed';
    this.session.streamDisconnected();
    this.logger.warn({ kind: error.kind, reason: error.message }, 'notification stream failed');
    this.options.ended?.();
    this.call('onFailure', () => this.handlers.onFailure(error));
  }

  private async handshake(): Promise<void> {
    this.clientId = undefined;
    // A new session starts from CometD's default advice until its handshake reply says otherwise.
    this.advice.reconnect = 'retry';
    // The REST identity comes first: it yields the JSESSIONID and CSRF token the handshake needs.
    // close() does not wait for it: the read is the session's, bounded by the client's timeout.
    try {
      await this.session.me({ signal: this.lifetime.signal });
    } catch (error) {
      throw streamBreak(error, 'reading the agent');
    }
    const request = {
      channel: '/meta/handshake',
      version: '1.0',
      minimumVersion: '1.0',
      supportedConnectionTypes: ['long-polling'],
      id: this.nextId(),
    };
    const reply = await this.exchange(request, this.options.requestTimeoutMs, true);
    if (reply.successful === true && typeof reply.clientId === 'string' && reply.clientId) {
      this.clientId = reply.clientId;
      return;
    }
    const reason = `GWS declined the notification handshake (${reply.error ?? 'no reason given'})`;
    const advised = reply.advice?.reconnect;
    if (advised === 'retry' || advised === 'handshake') {
      throw new StreamInterruption(reason);
    }
    throw new StreamFailure(new GwsError('unauthenticated', `${reason}.`));
  }

  private async subscribe(): Promise<void> {
    for (const subscription of this.options.channels) await this.subscribeTo(subscription);
  }

  private async subscribeTo(subscription: string): Promise<void> {
    const request = {
      channel: '/meta/subscribe',
      clientId: this.clientId,
      subscription,
      id: this.nextId(),
    };
    const reply = await this.exchange(request, this.options.requestTimeoutMs, false);
    if (reply.successful === true) return;
    const reason = `GWS refused the subscription to ${subscription} (${reply.error ?? 'no reason given'})`;
    if (reply.error?.startsWith('402') || reply.advice?.reconnect === 'handshake') {
      throw new StreamInterruption(reason);
    }
    throw new StreamFailure(new GwsError('forbidden', `${reason}.`));
  }

  /** Long-polls until GWS asks for a new handshake or a request fails; returns only on close. */
  private async poll(): Promise<void> {
    let first = true;
    let held: BayeuxMessage[] = [];
    while (!this.closed) {
      const request: BayeuxMessage = {
        channel: '/meta/connect',
        clientId: this.clientId,
        connectionType: 'long-polling',
        id: this.nextId(),
      };
      // The first long-poll returns at once, as in CometD's clients, to confirm the connection.
      if (first) request.advice = { timeout: 0 };
      const holdMs = first ? 0 : this.advice.timeout;
      const batch = held;
      held = [];
      const polling = this.exchange(request, holdMs + this.options.watchdogMarginMs, false, held);
      // The previous answer's notifications go out once this long-poll is on its way (its write
      // was queued for the next tick just now), so GWS can hold the next batch while they fan out.
      if (batch.length > 0) process.nextTick(() => this.deliverAll(batch));
      const reply = await polling;
      if (reply.successful === true) {
        first = false;
        this.failures = 0;
        if (this.advice.interval > 0) {
          held = this.deliverAll(held);
          await this.pause(this.advice.interval);
        }
        continue;
      }
      held = this.deliverAll(held);
      const reason = `GWS refused the long-poll (${reply.error ?? 'no reason given'})`;
      if (this.advice.reconnect === 'none') {
        throw new StreamFailure(new GwsError('unavailable', `${reason} and advised not to retry.`));
      }
      if (this.advice.reconnect !== 'retry' || reply.error?.startsWith('402')) {
        throw new StreamInterruption(reason);
      }
      this.logger.warn({ reason }, 'notification long-poll refused; retrying');
      await this.pause(Math.max(this.advice.interval, this.backoff()));
    }
  }

  /**
   * Sends one meta message and returns its reply, after handing every notification that came
   * with it to the handler and taking the advice it carries.
   * @param refusalIsFinal whether HTTP 401/403 ends the stream (handshake) or only interrupts it.
   * @param held where the notifications go instead, for the caller to hand over later, when the
   *   reply is usable; with an unusable one they are handed over before the exchange fails.
   */
  private async exchange(
    request: BayeuxMessage,
    timeoutMs: number,
    refusalIsFinal: boolean,
    held?: BayeuxMessage[],
  ): Promise<BayeuxMessage> {
    const { status, body } = await this.post([request], timeoutMs);
    if (status === 401 || status === 403) {
      const message = `GWS refused the notification request ${request.channel} (HTTP ${status}).`;
      if (!refusalIsFinal) throw new StreamInterruption(message);
      if (status === 401) this.session.credentialRejected();
      throw new StreamFailure(
        new GwsError(status === 401 ? 'unauthenticated' : 'forbidden', message),
      );
    }
    if (status < 200 || status >= 300) {
      throw new StreamInterruption(`GWS answered ${request.channel} with HTTP ${status}`);
    }
    const messages = parseMessages(body);
    if (!messages) {
      throw new StreamInterruption(`GWS answered ${request.channel} with no Bayeux messages`);
    }
    let reply: BayeuxMessage | undefined;
    let disconnected = false;
    const notifications = held ?? [];
    for (const message of messages) {
      if (
        message.channel === request.channel &&
        (message.id === undefined || message.id === request.id)
      ) {
        reply = message;
      } else if (message.channel === '/meta/disconnect') {
        disconnected = true;
      } else if (!message.channel.startsWith('/meta/')) {
        notifications.push(message);
      }
    }
    if (!held || disconnected || !reply) this.deliverAll(notifications);
    if (disconnected) throw new StreamInterruption('GWS ended the notification session');
    if (!reply) throw new StreamInterruption(`GWS sent no reply to ${request.channel}`);
    this.takeAdvice(reply.advice);
    return reply;
  }

  private async post(
    messages: BayeuxMessage[],
    timeoutMs: number,
  ): Promise<{ status: number; body: string }> {
    const channel = messages[0]?.channel ?? 'request';
    try {
      return await this.session.exchange({
        method: 'POST',
        path: NOTIFICATIONS_PATH,
        body: messages,
        timeoutMs,
        pool: 'notifications',
        // close() ends a long-poll at once. A handshake or subscribe may finish (within its
        // timeout), so the server session it creates is disconnected rather than left to expire.
        signal: channel === '/meta/connect' ? this.lifetime.signal : undefined,
      });
    } catch (error) {
      throw streamBreak(error, channel);
    }
  }

  /** Hands the notifications over in order and empties the list; returns it for reuse. */
  private deliverAll(notifications: BayeuxMessage[]): BayeuxMessage[] {
    for (const message of notifications) this.deliver(message);
    notifications.length = 0;
    return notifications;
  }

  private deliver(message: BayeuxMessage): void {
    const { channel, data } = message;
    if (this.closed) return;
    const kind = notificationKind(data);
    // Chat, device and other media share the subscription: passed over without a word.
    if (kind === 'other') return;
    if (kind === 'bareError') {
      this.deliverBareError(channel, data as BareError);
      return;
    }
    this.handOver(channel, data as WireSmsNotification);
  }

  private handOver(channel: string, notification: WireSmsNotification): void {
    this.logger.debug({ channel }, 'notification');
    // Only its kind is checked: the projection tolerates any other field missing or malformed.
    // Not through call(): no closure per notification.
    try {
      this.handlers.onNotification(channel, notification, this.session.upstreamSession);
    } catch (error) {
      this.handlerFailed('onNotification', error);
    }
  }

  /**
   * A bare Error (`{notificationType, errorMessage, referenceId}`) is handed over as the Error of
   * the SMS operation its referenceId numbers in this upstream session, in the shape every other
   * Error has, when the gateway sent that operation: this process, or, in a shared session,
   * another one (looked up then, so such an Error may come after notifications that followed it).
   * Any other is another medium's, or another client's, and passed over.
   */
  private deliverBareError(channel: string, error: BareError): void {
    const { referenceId } = error;
    const sessionId = this.session.pendingOperationSession(referenceId);
    if (sessionId !== undefined) {
      this.handOver(channel, smsErrorOf(error, sessionId));
      return;
    }
    void this.session.sharedOperationSession(referenceId).then((shared) => {
      if (shared === undefined) {
        this.logger.debug({ referenceId }, 'an Error of no pending SMS operation; passed over');
      } else if (!this.closed) {
        this.handOver(channel, smsErrorOf(error, shared));
      }
    });
  }

  private takeAdvice(advice: BayeuxAdvice | undefined): void {
    if (!advice) return;
    const { reconnect, interval, timeout } = advice;
    if (reconnect === 'retry' || reconnect === 'handshake' || reconnect === 'none') {
      this.advice.reconnect = reconnect;
    }
    if (isDuration(interval)) this.advice.interval = Math.min(interval, this.options.backoffMaxMs);
    if (isDuration(timeout)) this.advice.timeout = Math.min(timeout, MAX_ADVISED_TIMEOUT_MS);
  }

  /** The next pause before trying again, and one more failure counted. */
  private backoff(): number {
    return backoffMs(this.failures++, this.options);
  }

  /** Waits, or less when the stream is closed meanwhile. */
  private pause(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    const signal = this.lifetime.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private nextId(): string {
    this.messageId += 1;
    return String(this.messageId);
  }

  /** Runs a handler; its failure is logged, never allowed to break the stream. */
  private call(handler: string, invoke: () => void): void {
    try {
      invoke();
    } catch (error) {
      this.handlerFailed(handler, error);
    }
  }

  private handlerFailed(handler: string, error: unknown): void {
    this.logger.error({ handler, err: describe(error) }, 'notification handler failed');
  }
}

/** An Error naming no resource (see notificationKind). */
interface BareError {
  referenceId: number;
  errorMessage?: unknown;
}

/** The SMS Error notification a bare Error is, once its SMS session is known. */
function smsErrorOf(
  { referenceId, errorMessage }: BareError,
  sessionId: string,
): WireSmsNotification {
  return {
    messageType: 'SMSsessionStateChangeMessage',
    notificationType: 'Error',
    referenceId,
    ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
    smssessionPath: `/smssessions/${sessionId}`,
  };
}

function parseMessages(body: string): BayeuxMessage[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  for (const message of parsed) {
    if (!isObject(message) || typeof message.channel !== 'string') return undefined;
  }
  return parsed as BayeuxMessage[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
