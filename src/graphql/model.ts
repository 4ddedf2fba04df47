import {
  canonicalCapability,
  isUnusable,
  readAgentStateSetting,
  type AgentStateSetting,
  type WireChannel,
  type WireChannelAvailability,
  type WireContact,
  type WireMessage,
  type WireParticipant,
  type WireQueue,
  type WireSmsSession,
  type WireUser,
} from '../gws/index.js';
import {
  AgentChannelState,
  ContactType,
  SmsCapability,
  SmsMessageType,
  SmsNotificationType,
  SmsParticipantType,
  SmsSessionState,
  SmsVisibility,
  type Agent,
  type AgentChannel,
  type AgentState,
  type Contact,
  type ContactAvailability,
  type Queue,
  type SmsMessage,
  type SmsParticipant,
  type User,
} from '../generated/graphql.js';
import {
  cacheId,
  enumName,
  cleanUri,
  isoTimestamp,
  text,
  personName,
  entryUri,
  phoneNumbers,
  isPlainObject,
  objects,
} from './wire-values.js';

/** An SmsSession as resolvers hand it on; `messages` is resolved from `id` when asked for. */
export interface SmsSessionModel {
  id: string;
  state: SmsSessionState;
  participants: SmsParticipant[];
  capabilities: SmsCapability[];
  userData: Record<string, unknown> | null;
  uri: string | null;
}

/** An Agent as resolvers hand it on; `channels` is read from GWS when asked for. */
export type AgentModel = Omit<Agent, 'channels'>;

/** A presence operation's result; the agent's channels are read from GWS when asked for. */
export interface AgentOperationResultModel {
  operationName: string;
  statusCode: number;
  statusMessage: string | null;
  /** The channels the operation asked for (StartContactCenterSession's, or the one channel's). */
  requestedChannels: readonly string[];
}

/** An AgentState, with the body that sets it (not in the schema). */
export interface AgentStateModel extends AgentState {
  setting: AgentStateSetting;
}
/** The directory's entries as resolvers hand them on; `__typename` tells SmsTargetEntry's type. */
export type ContactModel = Contact & { __typename: 'Contact' };
export type QueueModel = Queue & { __typename: 'Queue' };
/** A User; its availability is read from the directory when asked for. */
export type UserModel = Omit<User, 'availability'> & { __typename: 'User' };
export type TargetEntryModel = ContactModel | QueueModel | UserModel;

/** The `id` of the session's message of this index. */
export function messageId(sessionId: string, index: number): string {
  return cacheId('SmsMessage', sessionId, index);
}

/** The `id` of the sender of the session's message of this index, as that message records it. */
export function senderId(sessionId: string, index: number): string {
  return cacheId('SmsMessageSender', sessionId, index);
}

/** Told once per distinct value GWS sends that the schema has no name for. */
export type UnknownWireValueListener = (field: string, value: unknown) => void;

const MAX_REMEMBERED_UNKNOWN_VALUES = 1000;

/**
 * The one place GWS wire values become GraphQL values. A value GWS sends that an enum lacks becomes
 * UNKNOWN (or is dropped from a list) and is reported once: it never fails a response.
 */
export class WireMapper {
  private readonly reported = new Set<string>();

  constructor(private readonly onUnknownValue: UnknownWireValueListener) {}

  agent(user: WireUser): AgentModel {
    return {
      id: user.id,
      userName: user.userName ?? null,
      firstName: user.firstName ?? null,
      lastName: user.lastName ?? null,
      uri: cleanUri(user.uri),
    };
  }

  session(session: WireSmsSession): SmsSessionModel {
    return {
      id: session.id,
      state: this.enumValue('SmsSession.state', SmsSessionState, session.state),
      participants: objects<WireParticipant>(session.participants).flatMap((participant) => {
        const mapped = this.participant(session.id, participant);
        return mapped ? [mapped] : [];
      }),
      capabilities: (Array.isArray(session.capabilities) ? session.capabilities : []).flatMap(
        (capability) => {
          const mapped = this.knownEnumValue(
            'SmsSession.capabilities',
            SmsCapability,
            typeof capability === 'string' ? canonicalCapability(capability) : capability,
          );
          return mapped ? [mapped] : [];
        },
      ),
      userData: isPlainObject(session.userData) ? session.userData : null,
      uri: cleanUri(session.uri),
    };
  }

  message(sessionId: string, message: WireMessage): SmsMessage | undefined {
    if (!Number.isSafeInteger(message.index)) {
      this.report('SmsMessage.index', message.index);
      return undefined;
    }
    return {
      id: messageId(sessionId, message.index),
      index: message.index,
      type: this.enumValue('SmsMessage.type', SmsMessageType, message.type),
      // The sender as this entry records it (GWS adds uri, path and visibility to it), which the
      // session's participant list need not agree with: an id of its own, so that a client cache
      // does not let one overwrite the other.
      from: isPlainObject(message.from)
        ? (this.participant(sessionId, message.from, message.index) ?? null)
        : null,
      visibility: this.enumValue('SmsMessage.visibility', SmsVisibility, message.visibility),
      text: message.text ?? null,
      url: message.url ?? null,
      noticeText: message.noticeText ?? null,
      timestamp: isoTimestamp(message.timestampSeconds, message.timestamp),
    };
  }

  messages(sessionId: string, messages: unknown): SmsMessage[] {
    // A loop rather than filter and flatMap: every notification of new messages comes this way.
    const mapped: SmsMessage[] = [];
    if (!Array.isArray(messages)) return mapped;
    for (const message of messages as WireMessage[]) {
      if (!isPlainObject(message)) continue;
      const entry = this.message(sessionId, message);
      if (entry) mapped.push(entry);
    }
    return mapped;
  }

  /** The agent's channels; an entry without a channel name is left out. */
  channels(channels: unknown): AgentChannel[] {
    return objects<WireChannel>(channels).flatMap((channel) => {
      if (typeof channel.channel !== 'string' || channel.channel === '') {
        this.report('AgentChannel.channel', channel.channel);
        return [];
      }
      const userState = isPlainObject(channel.userState) ? channel.userState : {};
      return [
        {
          channel: channel.channel,
          state: this.enumValue('AgentChannel.state', AgentChannelState, userState.state),
          displayName: typeof userState.displayName === 'string' ? userState.displayName : null,
          stateId:
            typeof userState.id === 'string' && userState.id !== ''
              ? userState.id
              : Number.isSafeInteger(userState.id)
                ? String(userState.id)
                : null,
        },
      ];
    });
  }

  /** The agent-states settings a desktop can offer; a setting it cannot send is left out. */
  agentStates(settings: readonly unknown[]): AgentStateModel[] {
    return settings.flatMap((wire) => {
      const setting = readAgentStateSetting(wire);
      if (isUnusable(setting)) {
        this.report(`AgentState.${setting.field}`, setting.value);
        return [];
      }
      return [
        {
          id: setting.id,
          displayName: setting.displayName,
          state: this.enumValue('AgentState.state', AgentChannelState, setting.state),
          setting,
        },
      ];
    });
  }

  /** A directory contact; one without an id is left out (undefined). */
  contact(contact: WireContact): ContactModel | undefined {
    if (typeof contact.id !== 'string' || contact.id === '') {
      this.report('Contact.id', contact.id);
      return undefined;
    }
    const firstName = text(contact.firstName);
    const lastName = text(contact.lastName);
    const userName = text(contact.userName);
    return {
      __typename: 'Contact',
      id: contact.id,
      name: text(contact.name) ?? personName(firstName, lastName) ?? userName ?? contact.id,
      uri: entryUri(contact, 'contacts'),
      type: this.enumValue('Contact.type', ContactType, contact.type),
      firstName,
      lastName,
      userName,
      phoneNumbers: phoneNumbers(contact.phoneNumbers),
      availability: this.availability(contact.availability),
    };
  }

  queue(queue: WireQueue): QueueModel | undefined {
    if (typeof queue.id !== 'string' || queue.id === '') {
      this.report('Queue.id', queue.id);
      return undefined;
    }
    return {
      __typename: 'Queue',
      id: queue.id,
      name: text(queue.name) ?? queue.id,
      uri: entryUri(queue, 'queues'),
      channel: text(queue.channel),
      description: text(queue.description),
    };
  }

  user(user: WireUser): UserModel {
    const firstName = text(user.firstName);
    const lastName = text(user.lastName);
    const userName = text(user.userName);
    return {
      __typename: 'User',
      id: user.id,
      name: personName(firstName, lastName) ?? userName ?? user.id,
      uri: entryUri(user, 'users'),
      userName,
      firstName,
      lastName,
    };
  }

  /**
   * A contact's availability: `{channels:[…]}` as the ContactsResource page shows it, or a bare
   * list; an entry without a channel name is left out.
   */
  private availability(availability: WireContact['availability']): ContactAvailability[] {
    const entries = Array.isArray(availability)
      ? availability
      : isPlainObject(availability)
        ? availability.channels
        : undefined;
    return objects<WireChannelAvailability>(entries).flatMap((entry) => {
      if (typeof entry.channel !== 'string' || entry.channel === '') {
        this.report('ContactAvailability.channel', entry.channel);
        return [];
      }
      const { userState } = entry;
      const state = isPlainObject(userState) ? userState.state : userState;
      return [
        {
          channel: entry.channel,
          available: entry.available === true,
          userState: typeof state === 'string' && state !== '' ? state : null,
        },
      ];
    });
  }

  notificationType(wire: unknown): SmsNotificationType {
    return this.enumValue('SmsSessionEvent.notificationType', SmsNotificationType, wire);
  }

  /**
   * @param senderOfMessage the index of the message whose `from` this is: the id is then that
   *   message's sender's, apart from the session's participant of the same participantId
   */
  participant(
    sessionId: string,
    participant: WireParticipant,
    senderOfMessage?: number,
  ): SmsParticipant | undefined {
    const participantId = participant.participantId ?? participant.id;
    if (typeof participantId !== 'string' || participantId === '') {
      this.report('SmsParticipant.participantId', participantId);
      return undefined;
    }
    return {
      id:
        senderOfMessage === undefined
          ? cacheId('SmsParticipant', sessionId, participantId)
          : senderId(sessionId, senderOfMessage),
      participantId,
      nickname: participant.nickname ?? null,
      type: this.enumValue('SmsParticipant.type', SmsParticipantType, participant.type),
      uri: cleanUri(participant.uri),
      visibility:
        participant.visibility === undefined || participant.visibility === null
          ? null
          : this.enumValue('SmsParticipant.visibility', SmsVisibility, participant.visibility),
      path: cleanUri(participant.path),
    };
  }

  private enumValue<T extends string>(
    field: string,
    values: Record<string, T> & { Unknown: T },
    wire: unknown,
  ): T {
    return this.knownEnumValue(field, values, wire) ?? values.Unknown;
  }

  private knownEnumValue<T extends string>(
    field: string,
    values: Record<string, T>,
    wire: unknown,
  ): T | undefined {
    const name = typeof wire === 'string' ? enumName(wire) : undefined;
    const value = name !== undefined && knownValues(values).has(name) ? (name as T) : undefined;
    if (value === undefined) this.report(field, wire);
    return value;
  }

  private report(field: string, value: unknown): void {
    const key = `${field}=${String(value)}`;
    if (this.reported.has(key) || this.reported.size >= MAX_REMEMBERED_UNKNOWN_VALUES) return;
    this.reported.add(key);
    this.onUnknownValue(field, value);
  }
}

/** Each enum's names other than UNKNOWN, gathered once rather than on every mapped value. */
const KNOWN_VALUES = new WeakMap<object, ReadonlySet<string>>();

function knownValues(values: Record<string, string>): ReadonlySet<string> {
  let known = KNOWN_VALUES.get(values);
  if (!known) {
    known = new Set(Object.values(values).filter((value) => value !== 'UNKNOWN'));
    KNOWN_VALUES.set(values, known);
  }
  return known;
}
