import { hash } from 'node:crypto';
import type {
  WireChannel,
  WireChannelStateNotification,
  WireSmsMessageLogNotification,
  WireSmsNotification,
  WireSmsSession,
  WireSmsStateChangeNotification,
} from '../gws/index.js';
import type { LoggedEvent } from '../fanout/index.js';
import { SmsNotificationType, type AgentChannel, type SmsMessage } from '../generated/graphql.js';
import type { SmsSessionModel, WireMapper } from './model.js';
import { lastPathSegment } from './wire-values.js';

interface EventBase {
  sessionId: string;
  notificationType: SmsNotificationType;
  referenceId: number | null;
  /**
   * The upstream HTTP session the notification came in (opaque; not in the schema): GWS numbers
   * referenceIds per HTTP session, so the referenceId means something only within it. Undefined
   * for the gateway's own snapshots, and where GWS keeps no HTTP session.
   */
  upstreamSession?: string | undefined;
}

export interface SmsSessionUpdatedModel extends EventBase {
  kind: 'SmsSessionUpdated';
  session: SmsSessionModel;
}

export interface SmsMessagesAddedModel extends EventBase {
  kind: 'SmsMessagesAdded';
  messages: SmsMessage[];
}

export interface SmsOperationFailedModel extends EventBase {
  kind: 'SmsOperationFailed';
  errorMessage: string;
  session: SmsSessionModel | null;
}

/** An SmsSessionEvent; `kind` names its GraphQL type. */
export type SmsSessionEventModel =
  SmsSessionUpdatedModel | SmsMessagesAddedModel | SmsOperationFailedModel;

/** The topic of the agent's channel state changes, apart from the SMS session events. */
export const AGENT_CHANNELS_TOPIC = 'agentChannels';

/** An AgentChannelEvent: the agent's state changed on these channels. */
export interface AgentChannelEventModel {
  kind: 'AgentChannelEvent';
  topic: typeof AGENT_CHANNELS_TOPIC;
  channels: AgentChannel[];
}

/** Everything an agent's upstream stream carries to subscribers. */
export type AgentEventModel = SmsSessionEventModel | AgentChannelEventModel;

/** The events as subscribers receive them, with their cursor in the agent's event log. */
export type LoggedSmsSessionEvent = LoggedEvent<SmsSessionEventModel>;
export type LoggedSmsSessionUpdated = LoggedEvent<SmsSessionUpdatedModel>;
export type LoggedSmsMessagesAdded = LoggedEvent<SmsMessagesAddedModel>;
export type LoggedSmsOperationFailed = LoggedEvent<SmsOperationFailedModel>;
export type LoggedAgentChannelEvent = LoggedEvent<AgentChannelEventModel>;

/** Any SMS notification as it may arrive: every field may be missing or of another shape. */
type UntrustedNotification = Partial<
  Omit<WireSmsStateChangeNotification, 'messageType'> &
    Omit<WireSmsMessageLogNotification, 'messageType' | 'messages'>
> & { messageType?: string; messages?: unknown };

/** Turns GWS's SMS notifications into subscription events, once per upstream notification. */
export class EventProjector {
  constructor(
    private readonly mapper: WireMapper,
    private readonly onUnusable: (reason: string, notification: unknown) => void,
  ) {}

  /** The events one notification carries: none when it names no session it can be tied to. */
  project(notification: WireSmsNotification, upstreamSession?: string): SmsSessionEventModel[] {
    const data = notification as UntrustedNotification;
    const referenceId = Number.isSafeInteger(data.referenceId)
      ? (data.referenceId as number)
      : null;
    const notificationType = this.mapper.notificationType(data.notificationType);
    const wireSession = data.smssession ?? data.smsession;
    const session = isSession(wireSession) ? this.mapper.session(wireSession) : null;
    const sessionId =
      session?.id ??
      lastPathSegment(
        data.smssessionUri ?? data.smssessionPath ?? data.smsessionUri ?? data.smsessionPath,
      );

    if (notificationType === SmsNotificationType.Error) {
      return [
        {
          kind: 'SmsOperationFailed',
          // An Error may name no session (CancelConsult's samples): filtered subscribers miss it,
          // subscribers of all sessions still see it, with its referenceId.
          sessionId: sessionId ?? '',
          notificationType,
          referenceId,
          errorMessage:
            typeof data.errorMessage === 'string' ? data.errorMessage : 'Operation failed',
          session,
          upstreamSession,
        },
      ];
    }
    if (data.messageType === 'MessageLogUpdated' || Array.isArray(data.messages)) {
      if (!sessionId) return this.unusable('no session id in a MessageLogUpdated', notification);
      return [
        {
          kind: 'SmsMessagesAdded',
          sessionId,
          notificationType,
          referenceId,
          messages: this.mapper.messages(sessionId, data.messages),
          upstreamSession,
        },
      ];
    }
    if (!session) return this.unusable('no smssession in a state change', notification);
    return [
      {
        kind: 'SmsSessionUpdated',
        sessionId: session.id,
        notificationType,
        referenceId,
        session,
        upstreamSession,
      },
    ];
  }

  /** The event a channel state notification carries: none when it names no usable channel. */
  projectChannelState(notification: WireChannelStateNotification): AgentChannelEventModel[] {
    const channels = this.mapper.channels(notification.channels);
    if (channels.length === 0) {
      return this.unusable('no channel in a channel state notification', notification);
    }
    return [{ kind: 'AgentChannelEvent', topic: AGENT_CHANNELS_TOPIC, channels }];
  }

  /** The event that re-sends every channel's state after an upstream reconnect. */
  channelSnapshot(channels: WireChannel[]): AgentChannelEventModel {
    return {
      kind: 'AgentChannelEvent',
      topic: AGENT_CHANNELS_TOPIC,
      channels: this.mapper.channels(channels),
    };
  }

  /** The event that re-sends a session's whole state after an upstream reconnect. */
  snapshot(session: WireSmsSession): SmsSessionUpdatedModel {
    return {
      kind: 'SmsSessionUpdated',
      sessionId: session.id,
      notificationType: SmsNotificationType.Resync,
      referenceId: null,
      session: this.mapper.session(session),
    };
  }

  private unusable(reason: string, notification: unknown): [] {
    this.onUnusable(reason, notification);
    return [];
  }
}

/**
 * What identifies the GWS notification an event carries, alike for every copy of it: the stream
 * it came in and the log it was read from make no difference. Undefined for the gateway's own
 * RESYNC snapshots, which copy nothing GWS sent.
 */
export function upstreamIdentity(event: AgentEventModel): string | undefined {
  switch (event.kind) {
    case 'AgentChannelEvent':
      // Nothing tells a copy of a state change from the same change made again (Ready, Not
      // Ready, Ready): a copy sent twice repeats a state, a repeat dropped would lose one.
      return undefined;
    case 'SmsMessagesAdded': {
      // An index names one entry of the session's transcript, and a copy carries the same entries.
      // An event whose entries only partly match earlier ones is another notification (GWS sends
      // an agent who joins the whole transcript so far): it is sent whole, as GWS sent it, since
      // trimming it would change what GWS said and dropping it would lose its new entries. So the
      // identity is the whole list's: its first and last index and its length.
      const { messages } = event;
      return `m:${messages[0]?.index ?? ''}:${messages.at(-1)?.index ?? ''}:${messages.length}:${event.sessionId}`;
    }
    case 'SmsSessionUpdated': {
      if (event.notificationType === SmsNotificationType.Resync) return undefined;
      // Without a referenceId, the session as it was told is all that tells two changes apart.
      const cause =
        event.referenceId ?? `#${hash('sha1', JSON.stringify(event.session), 'base64')}`;
      return `s:${event.notificationType}:${cause}:${event.sessionId}`;
    }
    case 'SmsOperationFailed':
      // referenceIds count per upstream HTTP session: the same number in another one is another
      // request's. Without one, the error's text tells failures apart.
      return `e${JSON.stringify([
        event.sessionId,
        event.referenceId ?? event.errorMessage,
        event.upstreamSession ?? null,
      ])}`;
  }
}

function isSession(value: unknown): value is WireSmsSession {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id !== ''
  );
}
