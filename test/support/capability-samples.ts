/**
 * The capability lists of GWS's documentation samples (reference §1.2, §1.3, the Invite page), in
 * GWS's own names: what the simulator must advertise, state by state.
 */

export const INVITED = ['Accept', 'Reject'];

/** One agent with the customer: the Invite page's Error-notification sample. */
export const CHATTING_ALONE = [
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
];

/** Several agents with the customer: the Invite page's first notification. */
export const CONFERENCE = [
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
];

/** After a Leave outside a conference: the Leave page's sample. */
export const LEFT_CHAT = ['Transfer', 'Complete', 'Leave', 'InFocus'];
