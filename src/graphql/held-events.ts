import type { HeldForm } from '../fanout/index.js';
import type { SmsMessage, SmsParticipant } from '../generated/graphql.js';
import type { AgentEventModel, SmsMessagesAddedModel } from './events.js';
import { messageId, senderId } from './model.js';

/**
 * A message's sender as the log holds it: the fields the mapper gives it but its id, which the
 * message's index gives.
 */
type HeldSender = Pick<
  SmsParticipant,
  'participantId' | 'nickname' | 'type' | 'uri' | 'visibility' | 'path'
>;

/**
 * An SmsMessage as the log holds it: without ids, with a sender shared by the entries of its
 * session that have an equal one.
 */
interface HeldMessage {
  readonly index: number;
  readonly type: SmsMessage['type'];
  readonly sender: HeldSender | null;
  readonly visibility: SmsMessage['visibility'];
  readonly text: SmsMessage['text'];
  readonly url: SmsMessage['url'];
  readonly noticeText: SmsMessage['noticeText'];
  readonly timestamp: SmsMessage['timestamp'];
}

interface HeldMessagesAdded extends Omit<SmsMessagesAddedModel, 'messages'> {
  readonly messages: readonly HeldMessage[];
}

/** An agent's event as its log holds it: new messages compacted, every other event as it came. */
type HeldAgentEvent = HeldMessagesAdded | Exclude<AgentEventModel, SmsMessagesAddedModel>;

/**
 * Entries looked back at for parts to share: a conversation's messages come from its few
 * participants in turn.
 */
const SHARING_LOOKBACK = 4;
/** Distinct senders one event's messages are compared with: a transcript has a few at once. */
const SHARED_SENDERS = 8;

/**
 * What an agent's event log holds of each event. New messages are held in about a third of their
 * delivered size: their ids are made again when they are read, and a session's id and senders
 * are shared with the entries before them.
 */
export const heldAgentEvents: HeldForm<AgentEventModel, HeldAgentEvent> = {
  hold(event, held) {
    if (event.kind !== 'SmsMessagesAdded') return event;
    // A loop and a literal rather than spreads: every new message comes this way.
    let { sessionId } = event;
    const senders: HeldSender[] = [];
    for (let back = 1; back <= Math.min(SHARING_LOOKBACK, held.length); back += 1) {
      const entry = held[held.length - back];
      if (entry?.kind !== 'SmsMessagesAdded' || entry.sessionId !== sessionId) continue;
      sessionId = entry.sessionId;
      const sender = entry.messages.at(-1)?.sender;
      if (sender) senders.push(sender);
    }
    // Mapped rather than pushed: an array grown by push keeps spare room, which a log holds long.
    const messages = event.messages.map((message) => heldMessage(message, senders));
    return {
      kind: event.kind,
      sessionId,
      notificationType: event.notificationType,
      referenceId: event.referenceId,
      messages,
      upstreamSession: event.upstreamSession,
    };
  },

  restore(held) {
    if (held.kind !== 'SmsMessagesAdded') return held;
    const { sessionId } = held;
    return {
      ...held,
      messages: held.messages.map((message) => ({
        id: messageId(sessionId, message.index),
        index: message.index,
        type: message.type,
        from: message.sender && { id: senderId(sessionId, message.index), ...message.sender },
        visibility: message.visibility,
        text: message.text,
        url: message.url,
        noticeText: message.noticeText,
        timestamp: message.timestamp,
      })),
    };
  },
};

/** The message as held, its sender one of `senders` where one is equal; a new one joins them. */
function heldMessage(message: SmsMessage, senders: HeldSender[]): HeldMessage {
  return {
    index: message.index,
    type: message.type,
    sender: message.from ? sharedSender(message.from, senders) : null,
    visibility: message.visibility,
    text: message.text,
    url: message.url,
    noticeText: message.noticeText,
    timestamp: message.timestamp,
  };
}

function sharedSender(from: SmsParticipant, senders: HeldSender[]): HeldSender {
  const equal = senders.find(
    (sender) =>
      sender.participantId === from.participantId &&
      sender.nickname === from.nickname &&
      sender.type === from.type &&
      sender.uri === from.uri &&
      sender.visibility === from.visibility &&
      sender.path === from.path,
  );
  if (equal) return equal;
  const sender: HeldSender = {
    participantId: from.participantId,
    nickname: from.nickname,
    type: from.type,
    uri: from.uri,
    visibility: from.visibility,
    path: from.path,
  };
  senders.unshift(sender);
  if (senders.length > SHARED_SENDERS) senders.pop();
  return sender;
}
