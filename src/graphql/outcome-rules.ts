import type { SmsOperationName, WireOperationRequest } from '../gws/index.js';
import {
  SmsParticipantType,
  type SmsMessageType,
  type SmsNotificationType,
  type SmsSessionState,
} from '../generated/graphql.js';
import type { SmsSessionEventModel } from './events.js';

/**
 * The words an SMS operation's outcome rule is written in (see `SMS_OPERATIONS`): the documented
 * effect on the session that confirms the operation when no referenceId ties a notification to
 * it, or silence for an operation GWS confirms by publishing nothing.
 */

export type SmsOperationRequest = WireOperationRequest<SmsOperationName>;

/** Whether this event is the operation's documented effect. */
export type Effect = (event: SmsSessionEventModel, request: SmsOperationRequest) => boolean;

/** CancelConsult and SetInFocus succeed in silence: no Error within the quiet window confirms. */
export const SILENCE = 'silence';

export type OutcomeRule = Effect | typeof SILENCE;

export const stateBecomes =
  (...states: SmsSessionState[]): Effect =>
  (event) =>
    event.kind === 'SmsSessionUpdated' && states.includes(event.session.state);

export const notified =
  (type: SmsNotificationType): Effect =>
  (event) =>
    event.kind === 'SmsSessionUpdated' && event.notificationType === type;

/**
 * A transcript entry of this type sent by an agent, with the request's value in `field` when one
 * is named: a customer's message of the same text ("ok") is not the agent's.
 */
export const messageAdded =
  (type: SmsMessageType, field?: 'text' | 'url' | 'noticeText'): Effect =>
  (event, request) =>
    event.kind === 'SmsMessagesAdded' &&
    event.messages.some(
      (message) =>
        message.type === type &&
        message.from?.type === SmsParticipantType.Agent &&
        (!field || message[field] === request[field]),
    );
