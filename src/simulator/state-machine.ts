/**
 * The SMS session state machine, from one agent's point of view (GWS reports a session's state
 * per agent: the same interaction can be Chatting for one agent and Completed for another).
 * Capability lists are copied from the GWS samples (reference §1.2, §1.3 and the Invite page).
 */

export type SessionState = 'Invited' | 'Chatting' | 'LeftChat' | 'Completed' | 'Revoked';

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

/** After a Leave outside a conference: wrap-up only (SMSLeave sample). */
const LEFT_CHAT_CAPABILITIES = ['Transfer', 'Complete', 'Leave', 'InFocus'] as const;

export type Capability =
  | (typeof INVITED_CAPABILITIES)[number]
  | (typeof CONFERENCE_CAPABILITIES)[number]
  | (typeof LEFT_CHAT_CAPABILITIES)[number];

/** @param inConference whether more than one agent takes part in the session right now. */
export function capabilitiesFor(state: SessionState, inConference: boolean): readonly Capability[] {
  switch (state) {
    case 'Invited':
      return INVITED_CAPABILITIES;
    case 'Chatting':
      return inConference ? CONFERENCE_CAPABILITIES : CHATTING_CAPABILITIES;
    case 'LeftChat':
      return LEFT_CHAT_CAPABILITIES;
    case 'Completed':
    case 'Revoked':
      return [];
  }
}

/** Whether the agent takes part in the conversation, and so receives its live events. */
export function isInConversation(state: SessionState): boolean {
  return state === 'Chatting';
}

/**
 * Whether an agent in this state may be brought (back) into the session by an Invite.
 * Agents already offered it, in it, or wrapping it up may not.
 */
export function canBeInvited(state: SessionState | undefined): boolean {
  return state === undefined || state === 'Completed' || state === 'Revoked';
}

/** The state an agent's invitation into a running session moves them to. */
export const STATE_AFTER_JOINING: SessionState = 'Chatting';

/** The state of an inbound session offered to an agent. */
export const STATE_WHEN_OFFERED: SessionState = 'Invited';

/**
 * The state an agent is left in after leaving: in a conference the session goes on for the
 * others (Completed for the leaver); otherwise it ends for the customer (LeftChat: wrap-up).
 */
export function stateAfterLeaving(inConference: boolean): SessionState {
  return inConference ? 'Completed' : 'LeftChat';
}
