/**
 * One agent's live notifications from GWS: a Bayeux 1.0 long-polling client for CometD at
 * `/api/v2/notifications`, spoken over the agent's upstream HTTP session, the one REST uses.
 *
 * Not the `cometd` npm client: its Node adapter (cometd-nodejs-client) installs process-wide
 * globals (`window`, XMLHttpRequest, `console.debug`) and a process-wide cookie jar keyed by host,
 * unfit for one connection per agent that must carry that agent's own JSESSIONID and CSRF token.
 *
 * The parts, as in CometD's own client: the protocol (`bayeux.ts`), the HTTP exchange
 * (`bayeux-transport.ts`), what each outcome leads to (`stream-action.ts`), the hand-over to the
 * handlers (`notification-handover.ts`); here, the steps taken and the actions acted on.
 */
import type { Logger } from 'pino';
import type { AgentSession } from './agent-session.js';
import { AdviceInForce, BayeuxMessages, type BayeuxMessage, type BayeuxRequest } from './bayeux.js';
import { exchangeBayeux, type ExchangeOutcome } from './bayeux-transport.js';
import type { GwsError } from './errors.js';
import { NotificationHandOver, type NotificationReceiver } from './notification-handover.js';
import { backoffMs, pause, type ReconnectGate } from './reconnect-policy.js';
import { nextAction, type StreamAction, type StreamStep } from './stream-action.js';
import { detachedFromTrace } from '../telemetry/index.js';
import { StreamLifetime } from './cancellation.js';
import { describe } from './transport.js';

/** The best-effort `/meta/disconnect` on close waits no longer than this. */
const DISCONNECT_TIMEOUT_MS = 2_000;

export type NotificationStreamState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface NotificationStreamHandlers extends NotificationReceiver {
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
  /**
   * The stream's own pause after `failures` breaks in a row (0 for the first; a long-poll answered
   * starts the count again), in milliseconds: before it long-polls again, or before it waits for
   * its turn to handshake again. An interval GWS advises, when longer, is kept instead. Default:
   * {@link backoffMs} with `backoffInitialMs` and `backoffMaxMs` (step 1 of RECONNECT_POLICY).
   */
  retryDelayMs?: (failures: number) => number;
  /** Logs with the agent's key in every entry's fields. */
  logger: Logger;
  /** Told once when the stream has ended for good: closed, or failed. */
  ended?: () => void;
}

/** Where the stream is in its Bayeux session with GWS: the step it takes next. */
type Progress =
  | { readonly step: 'handshake' }
  /** Subscribing to `channels[index]`. */
  | { readonly step: 'subscribe'; readonly clientId: string; readonly index: number }
  /** Long-polling; the first long-poll of a session is answered at once. */
  | { readonly step: 'connect'; readonly clientId: string; readonly first: boolean };

type Subscribing = Extract<Progress, { step: 'subscribe' }>;
type Connecting = Extract<Progress, { step: 'connect' }>;

const HANDSHAKE: Progress = { step: 'handshake' };
const HANDSHAKE_STEP: StreamStep = { step: 'handshake' };
const CONNECT_STEP: StreamStep = { step: 'connect' };

/**
 * A Bayeux long-polling session with GWS for one agent, re-established on every break until closed.
 * It starts connecting when constructed. Every request carries the agent's Basic credential,
 * cookies and CSRF token, and its `Set-Cookie` answers go back to the agent's jar, so REST and
 * CometD share one upstream HTTP session.
 */
export class NotificationStream {
  private currentState: NotificationStreamState = 'connecting';
  private progress: Progress = HANDSHAKE;
  /** Whether the stream has been connected before: connecting again is reconnecting. */
  private connectedBefore = false;
  /** Ended by close(): ends the in-flight long-poll, a pending REST call's wait and any pause. */
  private readonly lifetime = new StreamLifetime();
  private readonly logger: Logger;
  private readonly messages = new BayeuxMessages();
  private readonly advice: AdviceInForce;
  private readonly handOver: NotificationHandOver;
  private readonly running: Promise<void>;
  private closing: Promise<void> | undefined;
  /** Breaks since the last answered long-poll; the retry delay grows with them. */
  private failures = 0;
  /** The last long-poll's notifications, handed over once the next long-poll is on its way. */
  private held: BayeuxMessage[] = [];

  constructor(
    private readonly session: AgentSession,
    private readonly handlers: NotificationStreamHandlers,
    private readonly options: NotificationStreamOptions,
  ) {
    this.logger = options.logger;
    this.advice = new AdviceInForce(options.backoffMaxMs);
    this.handOver = new NotificationHandOver(session, handlers, this.logger, this.lifetime);
    // The stream outlives the operation that opened it: its exchanges start traces of their own.
    this.running = detachedFromTrace(() => this.run());
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
    // Only a failure closes the stream before close() does; it has told `ended` already.
    const failedBefore = this.currentState === 'closed';
    this.currentState = 'closed';
    this.lifetime.end();
    await this.running;
    this.session.streamDisconnected();
    const { progress } = this;
    this.progress = HANDSHAKE;
    if (progress.step !== 'handshake') {
      const request = this.messages.disconnect(progress.clientId);
      const timeoutMs = Math.min(this.options.requestTimeoutMs, DISCONNECT_TIMEOUT_MS);
      const outcome = await this.exchanged(request, timeoutMs, []);
      if (outcome.kind === 'failed') {
        this.logger.debug(
          { agent: this.session.key, err: describe(outcome.error) },
          'notification disconnect not confirmed',
        );
      }
    }
    this.logger.debug({ agent: this.session.key }, 'notification stream closed');
    if (!failedBefore) this.options.ended?.();
  }

  private get closed(): boolean {
    return this.lifetime.cancelled;
  }

  /** Takes the steps of a Bayeux session and acts on what each leads to. Never rejects. */
  private async run(): Promise<void> {
    while (!this.closed) {
      const action = await this.takeStep();
      if (this.closed) break;
      switch (action.action) {
        case 'proceed':
          // The step has moved the stream on.
          break;
        case 'retry':
          this.logger.warn(
            { agent: this.session.key, reason: action.reason },
            'notification long-poll refused; retrying',
          );
          await this.lifetime.until((signal) => pause(this.retryDelay(), signal));
          break;
        case 'handshake':
          await this.handshakeAgain(action.reason);
          break;
        case 'none':
          if (action.credentialRefused) this.session.credentialRejected();
          this.fail(action.error);
          return;
      }
    }
  }

  private takeStep(): Promise<StreamAction> {
    const { progress } = this;
    switch (progress.step) {
      case 'handshake':
        return this.handshake();
      case 'subscribe':
        return this.subscribe(progress);
      case 'connect':
        return this.connect(progress);
    }
  }

  private async handshake(): Promise<StreamAction> {
    this.advice.startSession();
    // The REST identity comes first: it yields the JSESSIONID and CSRF token the handshake needs.
    // close() does not wait for it: the read is the session's, bounded by the client's timeout.
    try {
      await this.lifetime.until((signal) => this.session.me({ signal }));
    } catch (error) {
      return nextAction(HANDSHAKE_STEP, { kind: 'unidentified', error }, this.advice.reconnect);
    }
    // Not cancelled by close(): a handshake that succeeds is then disconnected, not left to expire.
    const request = this.messages.handshake();
    const action = await this.exchange(HANDSHAKE_STEP, request);
    // A handshake proceeds only with the client id GWS gave it (see nextAction).
    if (action.action === 'proceed') this.subscribeFrom(action.clientId as string, 0);
    return action;
  }

  private async subscribe({ clientId, index }: Subscribing): Promise<StreamAction> {
    const subscription = this.options.channels[index] as string;
    const request = this.messages.subscribe(clientId, subscription);
    const step: StreamStep = { step: 'subscribe', subscription };
    const action = await this.exchange(step, request);
    if (action.action === 'proceed') this.subscribeFrom(clientId, index + 1);
    return action;
  }

  /** Subscribes to the channels from `index` on; once all are, the stream is connected. */
  private subscribeFrom(clientId: string, index: number): void {
    if (index < this.options.channels.length) {
      this.progress = { step: 'subscribe', clientId, index };
      return;
    }
    this.progress = { step: 'connect', clientId, first: true };
    if (!this.closed) this.connected();
  }

  private connected(): void {
    this.currentState = 'connected';
    this.session.streamConnected();
    this.handOver.call('onConnected', () => this.handlers.onConnected?.());
    if (this.connectedBefore) {
      this.logger.info({ agent: this.session.key }, 'notification stream reconnected');
      this.handOver.call('onReconnected', () => this.handlers.onReconnected());
    } else {
      this.logger.info({ agent: this.session.key }, 'notification stream connected');
    }
    this.connectedBefore = true;
  }

  /**
   * Long-polls, one round after another, until a round leads elsewhere than to the next one (or
   * to a pause GWS advised). Each answer is handled in a callback that sends the next long-poll:
   * while GWS holds one, the stream keeps no suspended function of it, only its callback.
   */
  private connect(progress: Connecting): Promise<StreamAction> {
    return new Promise((settle) => this.poll(progress, settle));
  }

  /** One long-poll, watched for a stall: answered within the advised hold plus the margin. */
  private poll(progress: Connecting, settle: (action: StreamAction) => void): void {
    const { clientId, first } = progress;
    const holdMs = first ? 0 : this.advice.timeoutMs;
    const batch = this.held;
    this.held = [];
    const post = {
      session: this.session,
      request: this.messages.connect(clientId, first),
      timeoutMs: holdMs + this.options.watchdogMarginMs,
      canceller: this.lifetime,
      notifications: this.held,
    };
    exchangeBayeux(post, (outcome) => this.polled(progress, outcome, settle));
    // The previous answer's notifications go out once this long-poll is on its way (its write
    // was queued for the next tick just now), so GWS can hold the next batch while they fan out.
    if (batch.length > 0) process.nextTick(() => this.handOver.deliverAll(batch));
  }

  /**
   * A long-poll's answer: its notifications are held for the next round, but for an unanswered
   * long-poll's, handed over at once.
   */
  private polled(
    progress: Connecting,
    outcome: ExchangeOutcome,
    settle: (action: StreamAction) => void,
  ): void {
    const action = this.answered(CONNECT_STEP, outcome);
    if (action.action !== 'proceed') {
      this.held = this.handOver.deliverAll(this.held);
      settle(action);
      return;
    }
    this.failures = 0;
    const next: Connecting = progress.first ? { ...progress, first: false } : progress;
    this.progress = next;
    const { intervalMs } = this.advice;
    if (intervalMs > 0) {
      this.held = this.handOver.deliverAll(this.held);
      void this.lifetime.until((signal) => pause(intervalMs, signal)).then(() => settle(action));
    } else if (this.closed) {
      settle(action);
    } else {
      this.poll(next, settle);
    }
  }

  /** Sends one meta message and decides what follows; its notifications are handed over at once. */
  private async exchange(step: StreamStep, request: BayeuxRequest): Promise<StreamAction> {
    const notifications: BayeuxMessage[] = [];
    const outcome = await this.exchanged(request, this.options.requestTimeoutMs, notifications);
    const action = this.answered(step, outcome);
    this.handOver.deliverAll(notifications);
    return action;
  }

  /** One meta message's exchange, not ended by close(). */
  private exchanged(
    request: BayeuxRequest,
    timeoutMs: number,
    notifications: BayeuxMessage[],
  ): Promise<ExchangeOutcome> {
    const post = { session: this.session, request, timeoutMs, canceller: undefined, notifications };
    return new Promise((resolve) => exchangeBayeux(post, resolve));
  }

  /** What follows the outcome of a step's exchange, its reply's advice taken first. */
  private answered(step: StreamStep, outcome: ExchangeOutcome): StreamAction {
    if (outcome.kind === 'reply') this.advice.take(outcome.reply.advice);
    return nextAction(step, outcome, this.advice.reconnect);
  }

  /** The session broke: say so, pause, wait for a turn to handshake again. */
  private async handshakeAgain(reason: string): Promise<void> {
    this.progress = HANDSHAKE;
    this.currentState = 'reconnecting';
    this.session.streamDisconnected();
    this.handOver.call('onInterrupted', () => this.handlers.onInterrupted?.());
    const delayMs = this.retryDelay();
    this.logger.warn(
      { agent: this.session.key, reason, delayMs: Math.round(delayMs) },
      'notification stream interrupted; handshaking again',
    );
    const { reconnectGate } = this.options;
    await this.lifetime.until((signal) => reconnectGate.waitTurn(delayMs, signal));
  }

  private fail(error: GwsError): void {
    this.progress = HANDSHAKE;
    this.currentState = 'closed';
    this.session.streamDisconnected();
    const { kind, message: reason } = error;
    this.logger.warn({ agent: this.session.key, kind, reason }, 'notification stream failed');
    this.options.ended?.();
    this.handOver.call('onFailure', () => this.handlers.onFailure(error));
  }

  /** The pause before trying again, and one more failure counted. */
  private retryDelay(): number {
    const failures = this.failures++;
    const { retryDelayMs } = this.options;
    const delayMs = retryDelayMs ? retryDelayMs(failures) : backoffMs(failures, this.options);
    return Math.max(this.advice.intervalMs, delayMs);
  }
}
