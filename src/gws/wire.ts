/**
 * GWS API v2 JSON as it travels on the wire (SMS Session API, /api/v2/me, CometD notifications).
 * Shared by the gateway's GWS client and the embedded simulator; no behaviour lives here.
 * Strings GWS sends are kept as strings: mapping them to GraphQL enums is the graphql layer's job.
 */

/** Every GWS response carries statusCode; a non-zero one carries statusMessage and nothing else. */
export interface WireEnvelope {
  statusCode: number;
  statusMessage?: string;
}

export interface WireUser {
  id: string;
  userName?: string;
  firstName?: string;
  lastName?: string;
  roles?: string[];
  enabled?: boolean;
  uri?: string;
  path?: string;
}

export interface WireMeResponse extends WireEnvelope {
  user?: WireUser;
}

export interface WireParticipant {
  /** Chat Server's party id; some message `from` entries carry only `id`. */
  participantId?: string;
  nickname?: string;
  /** Agent, Customer or External. */
  type?: string;
  /** Equal to participantId where GWS sends it (message `from`). */
  id?: string;
  uri?: string;
  path?: string;
  visibility?: string;
}

export type WireUserData = Record<string, string | number>;

export interface WireSmsSession {
  id: string;
  /** Invited, Chatting, LeftChat, Completed, Revoked. */
  state?: string;
  uri?: string;
  path?: string;
  participants?: WireParticipant[];
  capabilities?: string[];
  userData?: WireUserData;
}

export interface WireMessage {
  index: number;
  /** Text, ParticipantJoined, ParticipantLeft, ParticipantRejoined, TypingStarted, TypingStopped, PushUrl, Notice, CustomNotice. */
  type?: string;
  from?: WireParticipant;
  /** All or Agents (Int, Vip defensively). */
  visibility?: string;
  text?: string;
  url?: string;
  noticeText?: string;
  /** `yyyy-MM-dd HH:mm:ss.SSSZ`, sometimes malformed; not to be parsed. */
  timestamp?: string;
  /** Milliseconds since the epoch, despite the name. */
  timestampSeconds?: number;
}

/** `GET /api/v2/me/smssessions` without `fields`. */
export interface WireSmsSessionUrisResponse extends WireEnvelope {
  uris?: string[];
}

/** `GET /api/v2/me/smssessions?fields=*`. */
export interface WireSmsSessionListResponse extends WireEnvelope {
  smssessions?: WireSmsSession[];
}

/** `GET /api/v2/me/smssessions/{id}`. */
export interface WireSmsSessionResponse extends WireEnvelope {
  smssession?: WireSmsSession;
}

/** `GET /api/v2/me/smssessions/{id}/messages`. */
export interface WireMessagesResponse extends WireEnvelope {
  messages?: WireMessage[];
}

/** The immediate reply to `POST /api/v2/me/smssessions/{id}`: the outcome follows on CometD. */
export interface WireOperationResponse extends WireEnvelope {
  referenceId?: number;
}

/**
 * The body of an operation: its operationName plus that operation's parameters; by default any
 * operation's.
 */
export interface WireOperationRequest<N extends GwsOperationName = GwsOperationName> {
  operationName: N;
  [parameter: string]: unknown;
}

/** The `data` of a CometD SMS session notification: state changes and errors. */
export interface WireSmsStateChangeNotification {
  messageType: 'SMSsessionStateChangeMessage';
  /** StatusChange, ParticipantsUpdated, PropertiesUpdated or Error. */
  notificationType: string;
  referenceId?: number;
  errorMessage?: string;
  smssession?: WireSmsSession;
  /** The documentation's single-s spelling, tolerated. */
  smsession?: WireSmsSession;
  /** An Error may name its session only by path (`/smssessions/{id}`). */
  smssessionPath?: string;
}

/** The `data` of a CometD SMS session notification: transcript additions. */
export interface WireSmsMessageLogNotification {
  messageType: 'MessageLogUpdated';
  /** NewMessages. */
  notificationType: string;
  referenceId?: number;
  messages: WireMessage[];
  smssessionUri?: string;
  smssessionPath?: string;
  smsessionUri?: string;
  smsessionPath?: string;
}

export type WireSmsNotification = WireSmsStateChangeNotification | WireSmsMessageLogNotification;

// Operations: every operationName the gateway sends and the simulator plays, in one union, so
// each layer's table of operations can be checked by the compiler to cover them all.

/** SMS Session API operations, `POST /api/v2/me/smssessions/{id}`, by their canonical spelling. */
export type SmsOperationName =
  | 'Accept'
  | 'Reject'
  | 'Complete'
  | 'Leave'
  | 'LeaveAndComplete'
  | 'Transfer'
  | 'SetInFocus'
  | 'SendMessage'
  | 'SendUrl'
  | 'SendToAgents'
  | 'SendCustomNotice'
  | 'SendCustomNoticeToAgents'
  | 'SendStartTypingNotification'
  | 'SendStopTypingNotification'
  | 'SendStartTypingToAgentsNotification'
  | 'SendStopTypingToAgentsNotification'
  | 'Invite'
  | 'Consult'
  | 'CancelConsult'
  | 'RemoveParticipantFromConference'
  | 'SetDisposition'
  | 'AttachUserData'
  | 'UpdateUserData'
  | 'DeleteUserData';

/** The agent's contact-centre session, `POST /api/v2/me` (StartContactCenterSession page). */
export type AgentSessionOperationName = 'StartContactCenterSession' | 'EndContactCenterSession';

/** The agent's state on one channel, `POST /api/v2/me/channels/{channel}` (SettingAgentStateChannel). */
export type ChannelOperationName = 'Ready' | 'NotReady';

export type GwsOperationName = SmsOperationName | AgentSessionOperationName | ChannelOperationName;

// Agent presence (reference §5.3, §5.3.1).

/** The agent's state on one channel. */
export interface WireChannelUserState {
  id?: string;
  /** Such as "Not Ready" or "Out to Lunch". */
  displayName?: string;
  /** Ready, NotReady (others map to UNKNOWN). */
  state?: string;
}

export interface WireChannel {
  /** voice, chat, email, sms, … */
  channel: string;
  userState?: WireChannelUserState;
}

/** `GET /api/v2/me/channels?fields=*`. */
export interface WireChannelsResponse extends WireEnvelope {
  channels?: WireChannel[];
}

/**
 * One state of `GET /api/v2/settings/agent-states` (reference §5.3, §7.1): what a desktop offers
 * and what it sends to set it. GWS documents no field; every one is read tolerantly.
 */
export interface WireAgentStateSetting {
  id?: string;
  /** Such as "Out to Lunch" or "After Call Work". */
  displayName?: string;
  /** Ready, NotReady, … */
  state?: string;
  /** The operation that sets it: Ready, NotReady. */
  operationName?: string;
  /** The reason fields sent with the operation; which ones a contact centre uses is not documented. */
  reason?: string;
  reasonCode?: string | number;
  workMode?: string;
  /** Reasons as key-value pairs, as the voice API sends them. */
  reasons?: Record<string, string | number>;
}

/** `GET /api/v2/settings/agent-states`. */
export interface WireAgentStatesResponse extends WireEnvelope {
  settings?: WireAgentStateSetting[];
}

/**
 * The body that sets a state of the agent-states settings: its operationName and reason fields,
 * as the setting names them.
 */
export interface WireChannelStateRequest {
  operationName: string;
  [reasonField: string]: unknown;
}

/**
 * The `data` of a CometD notification on `/v2/me/channels` (seen only in client code, §4.2, §7.1):
 * the channels whose state changed, or all of them.
 */
export interface WireChannelStateNotification {
  messageType?: string;
  channels: WireChannel[];
}

// The directory (reference §5.4): contacts, queues and users, what Invite, Consult and Transfer
// target.

/** User, Queue or Custom (ContactsResource). */
export type WireContactType = 'User' | 'Queue' | 'Custom';

export interface WirePhoneNumber {
  phoneNumber?: string;
  description?: string;
  switchName?: string;
}

/** A contact's availability on one channel. */
export interface WireChannelAvailability {
  channel?: string;
  available?: boolean;
  phoneNumber?: string;
  userActivity?: string;
  /** GWS's state of the user on the channel: an object like a channel's userState, or its name. */
  userState?: WireChannelUserState | string;
}

export interface WireContact {
  id: string;
  /** The queue's or custom contact's name; users may carry only their user name. */
  name?: string;
  type?: string;
  userName?: string;
  firstName?: string;
  lastName?: string;
  employeeId?: string;
  emailAddress?: string;
  /** Objects as documented; plain strings are read too. */
  phoneNumbers?: (WirePhoneNumber | string)[];
  /** `{channels:[…]}` as documented; a bare list is read too. */
  availability?: { channels?: WireChannelAvailability[] } | WireChannelAvailability[];
  uri?: string;
  path?: string;
}

/** `GET /api/v2/contacts?fields=*`. */
export interface WireContactsResponse extends WireEnvelope {
  totalCount?: number;
  contacts?: WireContact[];
}

/** `GET /api/v2/contacts/{id}`. */
export interface WireContactResponse extends WireEnvelope {
  contact?: WireContact;
}

export interface WireQueue {
  id: string;
  name?: string;
  description?: string;
  channel?: string;
  phoneNumber?: string;
  internal?: boolean;
  uri?: string;
  path?: string;
}

/** `GET /api/v2/queues?fields=*`. */
export interface WireQueuesResponse extends WireEnvelope {
  queues?: WireQueue[];
}

/** `GET /api/v2/users/{id}`. */
export interface WireUserResponse extends WireEnvelope {
  user?: WireUser;
}
