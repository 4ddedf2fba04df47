import type { Logger } from 'pino';
import { carriedAlong } from '../telemetry/index.js';
import type { AgentSession } from './agent-session.js';
import type { BayeuxMessage } from './bayeux.js';
import { notificationKind } from './notification-kind.js';
import { describe } from './transport.js';
import type { WireChannelStateNotification, WireSmsNotification } from './wire.js';

/**
 * How the notification stream hands what GWS sends to its handlers: SMS session notifications and
 * the agent's channel state changes as they are, a bare Error as the Error of the SMS operation it
 * is about, every other medium's notification passed over. A handler that throws is logged, never allowed to break the stream.
 */

export interface NotificationReceiver {
  /**
   * An SMS session notification, the channel it came on, and the upstream HTTP session it came
   * in ({@link AgentSession.upstreamSession}), whose requests' referenceIds it may carry.
   */
  onNotification(channel: string, data: WireSmsNotification, upstreamSession?: string): void;
  /** The agent's state changed on channels; only the list is checked, not its entries. */
  onChannelState?(channel: string, data: WireChannelStateNotification): void;
}

/** What the hand-over reads of the agent's session: which SMS operation a referenceId numbers. */
type OperationLookup = Pick<
  AgentSession,
  'key' | 'upstreamSession' | 'pendingOperationSession' | 'sharedOperationSession'
>;

export class NotificationHandOver {
  constructor(
    private readonly session: OperationLookup,
    private readonly receiver: NotificationReceiver,
    private readonly logger: Logger,
    /** Whether the stream is closed (`cancelled`): nothing is handed over any more then. */
    private readonly stream: { readonly cancelled: boolean },
  ) {}

  /** Hands the notifications over in order and empties the list; returns it for reuse. */
  deliverAll(notifications: BayeuxMessage[]): BayeuxMessage[] {
    for (const message of notifications) this.deliver(message);
    notifications.length = 0;
    return notifications;
  }

  /** Runs a handler; its failure is logged, never allowed to break the stream. */
  call(handler: string, invoke: () => void): void {
    try {
      invoke();
    } catch (error) {
      this.handlerFailed(handler, error);
    }
  }

  private deliver(message: BayeuxMessage): void {
    const { channel, data } = message;
    if (this.stream.cancelled) return;
    const kind = notificationKind(data);
    // Chat, device and other media share the subscription: passed over without a word.
    if (kind === 'other') return;
    if (kind === 'bareError') {
      this.deliverBareError(channel, data as BareError);
      return;
    }
    if (kind === 'channelState') {
      this.logger.debug({ agent: this.session.key, channel }, 'channel state notification');
      try {
        this.receiver.onChannelState?.(channel, data as WireChannelStateNotification);
      } catch (error) {
        this.handlerFailed('onChannelState', error);
      }
      return;
    }
    this.handOver(channel, data as WireSmsNotification);
  }

  private handOver(channel: string, notification: WireSmsNotification): void {
    this.logger.debug({ agent: this.session.key, channel }, 'notification');
    // Only its kind is checked: the projection tolerates any other field missing or malformed.
    // Not through call(): no closure per notification.
    try {
      this.receiver.onNotification(channel, notification, this.session.upstreamSession);
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
        this.logger.debug(
          { agent: this.session.key, referenceId },
          'an Error of no pending SMS operation; passed over',
        );
      } else if (!this.stream.cancelled) {
        this.handOver(channel, smsErrorOf(error, shared));
      }
    });
  }

  private handlerFailed(handler: string, error: unknown): void {
    const fields = { agent: this.session.key, handler, err: describe(error) };
    this.logger.error(fields, 'notification handler failed');
  }
}

/** An Error naming no resource (see notificationKind). */
interface BareError {
  referenceId: number;
  errorMessage?: unknown;
}

/** The SMS Error notification a bare Error is, once its SMS session is known. */
function smsErrorOf(error: BareError, sessionId: string): WireSmsNotification {
  const { referenceId, errorMessage } = error;
  const notification: WireSmsNotification = {
    messageType: 'SMSsessionStateChangeMessage',
    notificationType: 'Error',
    referenceId,
    ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
    smssessionPath: `/smssessions/${sessionId}`,
  };
  carriedAlong(error, [notification]);
  return notification;
}
