/**
 * The SMS session state machine, from one agent's point of view (GWS reports a session's state
 * per agent: the same interaction can be Chatting for one agent and Completed for another).
 * Two lists per state: the capabilities GWS *advertises*, copied from its samples (reference §1.2,
 * §1.3 and the Invite page), and the operations it *accepts*, a superset where the operation pages
 * say an operation works although no sample lists it.
 */
import type { SmsOperationName } from '../src/gws/wire.js';

export type SessionState =
  'Invited' | 'Chatting' | 'LeftChat' | 'Completed' | 'Revoked' | 'JoinFailed';

/** Invited → [Accept, Reject], the chat sibling's offer. */
const INVITED_CAPABILITIES = ['Accept', 'Reject'] as const;

/** One agent with the customer: the Invite page's Error-notification sample. */
const CHATTING_CAPABILITIES = [
  'Transfer',
  'Leave',
  'Invite',
  'Consult',
  'SetInFocus',
  'SetDisposition',
  'AttachUserData',
  'DeleteUserData',
  'UpdateUserData',
  'Complete',
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
] as const;

/** Several agents with the customer: the Invite page's first notification adds the *ToAgents ops. */
const CONFERENCE_CAPABILITIES = [
  'Transfer',
  'Leave',
  'Invite',
  'Consult',
  'SetInFocus',
  'SetDisposition',
  'AttachUserData',
  'DeleteUserData',
  'UpdateUserData',
  'SendToAgents',
  'SendStartTypingToAgentsNotification',
  'SendStopTypingToAgentsNotification',
  'Complete',
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
] as const;

/** After a Leave outside a conference: wrap-up only (SMSLeave sample, with the old `InFocus`). */
const LEFT_CHAT_CAPABILITIES = ['Transfer', 'Complete', 'Leave', 'InFocus'] as const;

/**
 * An accepted offer with no one left to join (dialect joinFailed): wrap-up only, the capabilities
 * of a captured real chat in JoinFailed (reference §7.1). They are also all it accepts.
 */
const JOIN_FAILED_CAPABILITIES = [
  'SetInFocus',
  'Complete',
  'SetDisposition',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserData',
] as const;

export type Capability =
  | (typeof INVITED_CAPABILITIES)[number]
  | (typeof CONFERENCE_CAPABILITIES)[number]
  | (typeof LEFT_CHAT_CAPABILITIES)[number]
  | (typeof JOIN_FAILED_CAPABILITIES)[number];

/** @param inConference whether more than one agent takes part in the session right now. */
export function capabilitiesFor(state: SessionState, inConference: boolean): readonly Capability[] {
  switch (state) {
    case 'Invited':
      return INVITED_CAPABILITIES;
    case 'Chatting':
      return inConference ? CONFERENCE_CAPABILITIES : CHATTING_CAPABILITIES;
    case 'LeftChat':
      return LEFT_CHAT_CAPABILITIES;
    case 'JoinFailed':
      return JOIN_FAILED_CAPABILITIES;
    case 'Completed':
    case 'Revoked':
      return [];
  }
}

/** Pages whose operations no sample capability list names (SMSSendUrl, SMSSendCustomNotice). */
const ALSO_ACCEPTED_WHILE_CHATTING = ['SendUrl', 'SendCustomNotice'] as const;

/** "Only agents in a conference or consultation receive it" (SMSSendCustomNoticeToAgents). */
const ALSO_ACCEPTED_IN_CONFERENCE = ['SendCustomNoticeToAgents'] as const;

/**
 * "The agent can still update user data and set the disposition" (SMSLeave), then Complete;
 * `InFocus` in the sample's list is SetInFocus's old name.
 */
const ACCEPTED_IN_LEFT_CHAT = [
  'Transfer',
  'Complete',
  'Leave',
  'SetInFocus',
  'SetDisposition',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserData',
] as const;

/** What decides, besides the agent's state, whether GWS accepts an operation from them. */
export interface Situation {
  readonly state: SessionState;
  /** More than one agent takes part in the conversation: a conference, or a consult under way. */
  readonly inConference: boolean;
  /** A consult in the session is offered or under way. */
  readonly consulting: boolean;
  /** The agent is visible to the customer (a consultant is not). */
  readonly visibleToAll: boolean;
}

/** Whether GWS accepts the operation in this situation; otherwise it answers statusCode 2. */
export function accepts(situation: Situation, operation: SmsOperationName): boolean {
  const { state, inConference, consulting, visibleToAll } = situation;
  // No page says where GWS takes LeaveAndComplete: wherever it takes both halves.
  if (operation === 'LeaveAndComplete') {
    return accepts(situation, 'Leave') && accepts(situation, 'Complete');
  }
  if (state === 'Invited') return includes(INVITED_CAPABILITIES, operation);
  if (state === 'LeftChat') return includes(ACCEPTED_IN_LEFT_CHAT, operation);
  if (state === 'JoinFailed') return includes(JOIN_FAILED_CAPABILITIES, operation);
  if (state !== 'Chatting') return false;
  switch (operation) {
    case 'CancelConsult':
      // SMSCancelConsult: a consult there is; whether it can still be cancelled shows later.
      return consulting;
    case 'RemoveParticipantFromConference':
      // "Only an agent who is visible to all may do it."
      return inConference && visibleToAll;
    default:
      return (
        includes(capabilitiesFor(state, inConference), operation) ||
        includes(ALSO_ACCEPTED_WHILE_CHATTING, operation) ||
        (inConference && includes(ALSO_ACCEPTED_IN_CONFERENCE, operation))
      );
  }
}

function includes(list: readonly string[], operation: SmsOperationName): boolean {
  return list.includes(operation);
}

/** Whether the agent takes part in the conversation, and so receives its live events. */
export function isInConversation(state: SessionState | undefined): boolean {
  return state === 'Chatting';
}

/**
 * Whether an agent in this state may be offered the session (Invite, Consult, Transfer).
 * Agents already offered it, in it, or wrapping it up may not.
 */
export function canBeInvited(state: SessionState | undefined): boolean {
  return state === undefined || state === 'Completed' || state === 'Revoked';
}

/** The state an agent who accepts (or auto-answers) an offer moves to. */
export const STATE_AFTER_JOINING: SessionState = 'Chatting';

/** The state of an agent the session is offered to. */
export const STATE_WHEN_OFFERED: SessionState = 'Invited';

/** An agent who accepts an offer with no one left to join. */
export const STATE_WHEN_JOIN_FAILED: SessionState = 'JoinFailed';

/** After Reject, Complete, Transfer, or removal from a conference. */
export const STATE_WHEN_DONE: SessionState = 'Completed';

/** An offer withdrawn before it was answered (CancelConsult, or nobody left to hand over to). */
export const STATE_WHEN_WITHDRAWN: SessionState = 'Revoked';

/**
 * The state an agent is left in after leaving: in a conference the session goes on for the
 * others (Completed for the leaver); otherwise it ends for the customer (LeftChat: wrap-up).
 */
export function stateAfterLeaving(inConference: boolean): SessionState {
  return inConference ? STATE_WHEN_DONE : 'LeftChat';
}
