import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SmsSessionModel, AgentModel, AgentOperationResultModel, UserModel } from '../graphql/model.js';
import type { LoggedSmsSessionEvent, LoggedSmsSessionUpdated, LoggedSmsMessagesAdded, LoggedSmsOperationFailed } from '../graphql/events.js';
import type { Context } from '../graphql/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A JSON object: GWS user data (attached data) is a flat map of string or number values. */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

export type Agent = {
  __typename?: 'Agent';
  /** The agent's media channels and its state on each (GET /api/v2/me/channels?fields=*). */
  channels: Array<AgentChannel>;
  firstName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastName?: Maybe<Scalars['String']['output']>;
  uri?: Maybe<Scalars['String']['output']>;
  userName?: Maybe<Scalars['String']['output']>;
};

export type AgentChannel = {
  __typename?: 'AgentChannel';
  /** GWS's name of the channel: voice, chat, email, sms, … */
  channel: Scalars['String']['output'];
  /** GWS's label of the state, such as Not Ready or Out to Lunch. */
  displayName?: Maybe<Scalars['String']['output']>;
  state: AgentChannelState;
  /** The id of the state, to match with agentStates; null when GWS does not say. */
  stateId?: Maybe<Scalars['ID']['output']>;
};

/** The agent's state changed on one or more channels (from any of the agent's devices, or by GWS). */
export type AgentChannelEvent = {
  __typename?: 'AgentChannelEvent';
  /** The channels the notification names, as GWS sends them: the changed ones, or all of them. */
  channels: Array<AgentChannel>;
};

export const AgentChannelState = {
  LoggedOut: 'LOGGED_OUT',
  NotReady: 'NOT_READY',
  Ready: 'READY',
  Unknown: 'UNKNOWN'
} as const;

export type AgentChannelState = typeof AgentChannelState[keyof typeof AgentChannelState];
/** GWS's answer to a presence operation, which it sends at once. */
export type AgentOperationResult = {
  __typename?: 'AgentOperationResult';
  /** The agent's channels as GWS reports them right after the operation (read only when asked for). */
  channels: Array<AgentChannel>;
  /**
   * The channels the operation asked for that the agent is not logged in to right after it (read from
   * GWS only when asked for, and only after a partial success; empty otherwise): what a desktop
   * retries or reports after a statusCode 7.
   */
  channelsNotStarted: Array<Scalars['String']['output']>;
  operationName: Scalars['String']['output'];
  /**
   * GWS's statusCode: 0, or 7 when only part of the operation took, such as some of the channels of
   * startContactCenterSession. Any other code is returned as an UPSTREAM_REJECTED error.
   */
  statusCode: Scalars['Int']['output'];
  /** GWS's word on a partial success (statusCode 7), such as which channels did not start; null otherwise. */
  statusMessage?: Maybe<Scalars['String']['output']>;
};

/** One state an agent can set, with its reason: what setAgentChannelState's reason names. */
export type AgentState = {
  __typename?: 'AgentState';
  /** GWS's label, such as Out to Lunch or After Call Work. */
  displayName: Scalars['String']['output'];
  /** GWS's id of the setting; the reason setAgentChannelState takes. */
  id: Scalars['ID']['output'];
  state: AgentChannelState;
};

/** A contact of the directory: a user, a queue, or a custom entry (such as an outside number). */
export type Contact = SmsTargetEntry & {
  __typename?: 'Contact';
  /** Whether the contact can take work now, per channel, as GWS reports it. */
  availability: Array<ContactAvailability>;
  firstName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastName?: Maybe<Scalars['String']['output']>;
  /** The contact's name; for a user without one, first and last name, else the user name. */
  name: Scalars['String']['output'];
  phoneNumbers: Array<Scalars['String']['output']>;
  type: ContactType;
  uri: Scalars['String']['output'];
  userName?: Maybe<Scalars['String']['output']>;
};

/** Whether a contact is available on one channel. */
export type ContactAvailability = {
  __typename?: 'ContactAvailability';
  available: Scalars['Boolean']['output'];
  channel: Scalars['String']['output'];
  /** GWS's word for the user's state on the channel (such as Ready or NotReady); null when it says none. */
  userState?: Maybe<Scalars['String']['output']>;
};

export type ContactConnection = {
  __typename?: 'ContactConnection';
  edges: Array<ContactEdge>;
  pageInfo: PageInfo;
  /** How many contacts match in all, where GWS says. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type ContactEdge = {
  __typename?: 'ContactEdge';
  cursor: Scalars['String']['output'];
  node: Contact;
};

/** GWS's three kinds of contact; a kind GWS adds later is UNKNOWN. */
export const ContactType = {
  Custom: 'CUSTOM',
  Queue: 'QUEUE',
  Unknown: 'UNKNOWN',
  User: 'USER'
} as const;

export type ContactType = typeof ContactType[keyof typeof ContactType];
/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Accepts a session offered to the agent (Accept). */
  acceptSmsSession: SmsOperationResult;
  /** Adds user data (AttachUserData); values are strings or numbers. */
  attachSmsUserData: SmsOperationResult;
  /** Cancels a consultation not yet accepted (CancelConsult). GWS confirms it with silence. */
  cancelSmsConsult: SmsOperationResult;
  /** Marks the interaction done (Complete), optionally placing it in a queue. */
  completeSmsSession: SmsOperationResult;
  /** Consults another agent, hidden from the customer (Consult); targets as for the invite. */
  consultOnSmsSession: SmsOperationResult;
  /** Deletes user data keys (DeleteUserData). */
  deleteSmsUserData: SmsOperationResult;
  /** Logs the agent out of every channel (EndContactCenterSession); a desktop calls it at exit. */
  endContactCenterSession: AgentOperationResult;
  /**
   * Invites another agent into a conference (Invite). Exactly one of target (a user, queue or contact
   * of the directory), targetUri (an absolute http(s) URI of a GWS user, queue or contact) and
   * targetPath (/users/{id}, /queues/{id}, /contacts/{id}).
   */
  inviteToSmsSession: SmsOperationResult;
  /**
   * Leaves the session and completes it in one step (LeaveAndComplete): Completed for the agent; in a
   * conference the others go on.
   */
  leaveAndCompleteSmsSession: SmsOperationResult;
  /** Leaves the session (Leave): LeftChat alone, Completed in a conference. */
  leaveSmsSession: SmsOperationResult;
  /** Rejects a session offered to the agent (Reject). */
  rejectSmsSession: SmsOperationResult;
  /** Removes another agent from the conference (RemoveParticipantFromConference). */
  removeSmsParticipant: SmsOperationResult;
  /** Sends a custom notice to every participant (SendCustomNotice). */
  sendSmsCustomNotice: SmsOperationResult;
  /** Sends a custom notice to the agents only (SendCustomNoticeToAgents). */
  sendSmsCustomNoticeToAgents: SmsOperationResult;
  /** Sends text to every participant (SendMessage). */
  sendSmsMessage: SmsOperationResult;
  /** Sends text to the agents only (SendToAgents). */
  sendSmsMessageToAgents: SmsOperationResult;
  /** Pushes an http(s) URL to every participant (SendUrl). */
  sendSmsUrl: SmsOperationResult;
  /**
   * Sets the agent's state on one channel (POST /api/v2/me/channels/{channel}); only READY and
   * NOT_READY can be set. Without reason: Ready or NotReady. With reason (an AgentState id of
   * agentStates, of the same state): the operation and reason fields that state's GWS setting
   * names. An unknown reason is refused before anything is sent.
   */
  setAgentChannelState: AgentOperationResult;
  /** Sets the disposition (SetDisposition), under dispositionKey or GWS's default key. */
  setSmsDisposition: SmsOperationResult;
  /** Marks the session as the one the agent works on (SetInFocus). */
  setSmsSessionInFocus: SmsOperationResult;
  /**
   * Logs the agent in to these channels (StartContactCenterSession, POST /api/v2/me), at the given
   * place if any; a desktop calls it at login. Channel names are letters, digits and hyphens.
   */
  startContactCenterSession: AgentOperationResult;
  /** Says the agent started typing, to everyone or with toAgents to the agents only. */
  startSmsTyping: SmsOperationResult;
  /** Says the agent stopped typing, to everyone or with toAgents to the agents only. */
  stopSmsTyping: SmsOperationResult;
  /**
   * Transfers the session (Transfer) to exactly one of a directory target, a user or queue URI, path,
   * or queue name.
   */
  transferSmsSession: SmsOperationResult;
  /** Overwrites the given user data keys (UpdateUserData); values are strings or numbers. */
  updateSmsUserData: SmsOperationResult;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationAcceptSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  nickname: Scalars['String']['input'];
  saveLAR?: InputMaybe<Scalars['Boolean']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationAttachSmsUserDataArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  userData: Scalars['JSONObject']['input'];
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationCancelSmsConsultArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationCompleteSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  queueName?: InputMaybe<Scalars['String']['input']>;
  saveLAR?: InputMaybe<Scalars['Boolean']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationConsultOnSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  target?: InputMaybe<SmsTarget>;
  targetPath?: InputMaybe<Scalars['String']['input']>;
  targetUri?: InputMaybe<Scalars['String']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationDeleteSmsUserDataArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  keys: Array<Scalars['String']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationInviteToSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  target?: InputMaybe<SmsTarget>;
  targetPath?: InputMaybe<Scalars['String']['input']>;
  targetUri?: InputMaybe<Scalars['String']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationLeaveAndCompleteSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationLeaveSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationRejectSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationRemoveSmsParticipantArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  targetUri: Scalars['String']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSendSmsCustomNoticeArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  noticeText: Scalars['String']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSendSmsCustomNoticeToAgentsArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  noticeText: Scalars['String']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSendSmsMessageArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSendSmsMessageToAgentsArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSendSmsUrlArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  url: Scalars['String']['input'];
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSetAgentChannelStateArgs = {
  channel: Scalars['String']['input'];
  reason?: InputMaybe<Scalars['ID']['input']>;
  state: AgentChannelState;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSetSmsDispositionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  disposition: Scalars['String']['input'];
  dispositionKey?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationSetSmsSessionInFocusArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationStartContactCenterSessionArgs = {
  channels?: Array<Scalars['String']['input']>;
  place?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationStartSmsTypingArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  toAgents?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationStopSmsTypingArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  toAgents?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationTransferSmsSessionArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  queueName?: InputMaybe<Scalars['String']['input']>;
  target?: InputMaybe<SmsTarget>;
  targetPath?: InputMaybe<Scalars['String']['input']>;
  targetUri?: InputMaybe<Scalars['String']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every mutation runs one GWS SMS Session operation (POST /api/v2/me/smssessions/{id}) and sends
 * exactly its documented parameters. GWS answers at once and reports the outcome later: with
 * awaitOutcome the mutation waits for that report (at most timeoutMs, default OUTCOME_TIMEOUT_MS) and
 * says CONFIRMED, FAILED or TIMED_OUT; without it the outcome is ACCEPTED.
 */
export type MutationUpdateSmsUserDataArgs = {
  awaitOutcome?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  userData: Scalars['JSONObject']['input'];
};

/** Where a page lies in its list (Relay's cursor connections). */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * The states an agent can set on a channel, as the contact centre configures them: Ready, Not
   * Ready and its reasons, after-call work (GET /api/v2/settings/agent-states). An entry GWS sends
   * without a usable id or operation is left out.
   */
  agentStates: Array<AgentState>;
  /**
   * The contacts of the directory (GET /api/v2/contacts), a page at a time. search matches each of its
   * words, case-insensitively and anywhere, against first name, last name, user name and phone numbers
   * (users) or name and phone number (queues, custom contacts); a contact must match every word. It is
   * at most 100 characters and may not hold a comma or `*`. first is 1 to 100 (default 20); after is
   * the cursor of the last edge already seen. type and channel narrow the list as GWS's filters do.
   */
  contacts: ContactConnection;
  /** The authenticated agent (GET /api/v2/me). */
  me: Agent;
  /** The queues a session can be routed through (GET /api/v2/queues), those of one channel if given. */
  queues: Array<Queue>;
  /** One SMS session of the agent; null when GWS says the session does not exist for this agent. */
  smsSession?: Maybe<SmsSession>;
  /** The agent's SMS sessions (GET /api/v2/me/smssessions?fields=*). */
  smsSessions: Array<SmsSession>;
};


export type QueryContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  channel?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<ContactType>;
};


export type QueryQueuesArgs = {
  channel?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySmsSessionArgs = {
  id: Scalars['ID']['input'];
};

/** A queue an invite, consult or transfer can be routed through. */
export type Queue = SmsTargetEntry & {
  __typename?: 'Queue';
  channel?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  uri: Scalars['String']['output'];
};

/** One value per GWS capability name. */
export const SmsCapability = {
  Accept: 'ACCEPT',
  AttachUserData: 'ATTACH_USER_DATA',
  CancelConsult: 'CANCEL_CONSULT',
  Complete: 'COMPLETE',
  Consult: 'CONSULT',
  DeleteUserData: 'DELETE_USER_DATA',
  Invite: 'INVITE',
  InFocus: 'IN_FOCUS',
  Leave: 'LEAVE',
  LeaveAndComplete: 'LEAVE_AND_COMPLETE',
  Reject: 'REJECT',
  RemoveParticipantFromConference: 'REMOVE_PARTICIPANT_FROM_CONFERENCE',
  SendCustomNotice: 'SEND_CUSTOM_NOTICE',
  SendCustomNoticeToAgents: 'SEND_CUSTOM_NOTICE_TO_AGENTS',
  SendMessage: 'SEND_MESSAGE',
  SendStartTypingNotification: 'SEND_START_TYPING_NOTIFICATION',
  SendStartTypingToAgentsNotification: 'SEND_START_TYPING_TO_AGENTS_NOTIFICATION',
  SendStopTypingNotification: 'SEND_STOP_TYPING_NOTIFICATION',
  SendStopTypingToAgentsNotification: 'SEND_STOP_TYPING_TO_AGENTS_NOTIFICATION',
  SendToAgents: 'SEND_TO_AGENTS',
  SendUrl: 'SEND_URL',
  SetDisposition: 'SET_DISPOSITION',
  SetInFocus: 'SET_IN_FOCUS',
  Transfer: 'TRANSFER',
  UpdateUserData: 'UPDATE_USER_DATA'
} as const;

export type SmsCapability = typeof SmsCapability[keyof typeof SmsCapability];
export type SmsMessage = {
  __typename?: 'SmsMessage';
  from?: Maybe<SmsParticipant>;
  /** Opaque, the same for the same index of the same session, unique across sessions. */
  id: Scalars['ID']['output'];
  /** 1-based position in the transcript; indices may have gaps. */
  index: Scalars['Int']['output'];
  noticeText?: Maybe<Scalars['String']['output']>;
  text?: Maybe<Scalars['String']['output']>;
  /** ISO 8601, from GWS's timestampSeconds (which GWS sends in milliseconds). */
  timestamp?: Maybe<Scalars['String']['output']>;
  type: SmsMessageType;
  url?: Maybe<Scalars['String']['output']>;
  visibility: SmsVisibility;
};

export type SmsMessageConnection = {
  __typename?: 'SmsMessageConnection';
  edges: Array<SmsMessageEdge>;
  pageInfo: PageInfo;
  /** How many entries the transcript holds; null unless the page's read covered all of it. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type SmsMessageEdge = {
  __typename?: 'SmsMessageEdge';
  /** Opaque; names the message's transcript index, so it stays valid while messages arrive. */
  cursor: Scalars['String']['output'];
  node: SmsMessage;
};

export const SmsMessageType = {
  CustomNotice: 'CUSTOM_NOTICE',
  Notice: 'NOTICE',
  ParticipantJoined: 'PARTICIPANT_JOINED',
  ParticipantLeft: 'PARTICIPANT_LEFT',
  ParticipantRejoined: 'PARTICIPANT_REJOINED',
  PushUrl: 'PUSH_URL',
  Text: 'TEXT',
  TypingStarted: 'TYPING_STARTED',
  TypingStopped: 'TYPING_STOPPED',
  Unknown: 'UNKNOWN'
} as const;

export type SmsMessageType = typeof SmsMessageType[keyof typeof SmsMessageType];
/** Entries were added to the session's transcript. */
export type SmsMessagesAdded = SmsSessionEvent & {
  __typename?: 'SmsMessagesAdded';
  cursor: Scalars['String']['output'];
  messages: Array<SmsMessage>;
  notificationType: SmsNotificationType;
  referenceId?: Maybe<Scalars['Int']['output']>;
  sessionId: Scalars['ID']['output'];
};

export const SmsNotificationType = {
  Error: 'ERROR',
  NewMessages: 'NEW_MESSAGES',
  ParticipantsUpdated: 'PARTICIPANTS_UPDATED',
  PropertiesUpdated: 'PROPERTIES_UPDATED',
  /**
   * A snapshot the gateway sends itself: after an upstream reconnect, when an agent's upstream stream
   * opens again over events it still holds, or to a subscription whose after cursor it cannot honour.
   */
  Resync: 'RESYNC',
  StatusChange: 'STATUS_CHANGE',
  Unknown: 'UNKNOWN'
} as const;

export type SmsNotificationType = typeof SmsNotificationType[keyof typeof SmsNotificationType];
/** An operation GWS had accepted failed afterwards; referenceId links it to the operation. */
export type SmsOperationFailed = SmsSessionEvent & {
  __typename?: 'SmsOperationFailed';
  cursor: Scalars['String']['output'];
  errorMessage: Scalars['String']['output'];
  notificationType: SmsNotificationType;
  referenceId?: Maybe<Scalars['Int']['output']>;
  session?: Maybe<SmsSession>;
  sessionId: Scalars['ID']['output'];
};

export const SmsOperationOutcome = {
  /** Sent to GWS and accepted by it; the outcome was not awaited. */
  Accepted: 'ACCEPTED',
  /** GWS reported the operation's effect (or, for an operation GWS confirms with silence, no error). */
  Confirmed: 'CONFIRMED',
  /** GWS reported that the operation failed (or, after an accept, that it could not join the agent: JoinFailed); see errorMessage. */
  Failed: 'FAILED',
  /** GWS reported nothing about the operation within timeoutMs. */
  TimedOut: 'TIMED_OUT'
} as const;

export type SmsOperationOutcome = typeof SmsOperationOutcome[keyof typeof SmsOperationOutcome];
export type SmsOperationResult = {
  __typename?: 'SmsOperationResult';
  /** GWS's errorMessage when the outcome is FAILED. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  operationName: Scalars['String']['output'];
  outcome: SmsOperationOutcome;
  /** Links the operation to the notifications it causes; GWS leaves it out of some answers. */
  referenceId?: Maybe<Scalars['Int']['output']>;
  /** The session as it is after the outcome; null unless the outcome was awaited. */
  session?: Maybe<SmsSession>;
  sessionId: Scalars['ID']['output'];
  /**
   * GWS's statusCode: 0, or 7 when only part of the operation took (see statusMessage). Any other
   * code is returned as an UPSTREAM_REJECTED error.
   */
  statusCode: Scalars['Int']['output'];
  /** GWS's word on a partial success (statusCode 7); null otherwise. */
  statusMessage?: Maybe<Scalars['String']['output']>;
};

export type SmsParticipant = {
  __typename?: 'SmsParticipant';
  /**
   * Opaque, the same for the same participant of the same session, unique across sessions. A
   * message's `from` has an id of its own (the sender as that message records it, with the uri,
   * path and visibility GWS adds there): match it to the session's participants by participantId.
   */
  id: Scalars['ID']['output'];
  nickname?: Maybe<Scalars['String']['output']>;
  participantId: Scalars['ID']['output'];
  /** The participant's GWS user path, such as /users/{id}; agents only, null when GWS does not say. */
  path?: Maybe<Scalars['String']['output']>;
  /**
   * The person behind the participant: the user or contact GWS links it to (read from the
   * directory), or null when GWS links none, as for a customer.
   */
  person?: Maybe<SmsTargetEntry>;
  type: SmsParticipantType;
  uri?: Maybe<Scalars['String']['output']>;
  /** Who sees what the participant writes: AGENTS for a consultant hidden from the customer; null when GWS does not say. */
  visibility?: Maybe<SmsVisibility>;
};

export const SmsParticipantType = {
  Agent: 'AGENT',
  Customer: 'CUSTOMER',
  External: 'EXTERNAL',
  Unknown: 'UNKNOWN'
} as const;

export type SmsParticipantType = typeof SmsParticipantType[keyof typeof SmsParticipantType];
export type SmsSession = {
  __typename?: 'SmsSession';
  /** Operations GWS allows in the current state; names GWS sends that this enum lacks are left out. */
  capabilities: Array<SmsCapability>;
  id: Scalars['ID']['output'];
  /**
   * The transcript (GET /api/v2/me/smssessions/{id}/messages). startIndex is 1-based (0 means 1);
   * count 0 or absent means all.
   */
  messages: Array<SmsMessage>;
  participants: Array<SmsParticipant>;
  state: SmsSessionState;
  /**
   * The transcript in pages, oldest first. first (with after) pages forward, last (with before)
   * backward; first and last are at most 100, not both; neither reads the first 20. A cursor names
   * a transcript index, so pages stay stable while messages arrive. One upstream read per page, two
   * at most for a backward page of a transcript with gaps in its indices.
   */
  transcript: SmsMessageConnection;
  uri?: Maybe<Scalars['String']['output']>;
  userData?: Maybe<Scalars['JSONObject']['output']>;
};


export type SmsSessionMessagesArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
  startIndex?: InputMaybe<Scalars['Int']['input']>;
};


export type SmsSessionTranscriptArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** One notification about one SMS session. */
export type SmsSessionEvent = {
  /** Opaque: resume after this event with smsSessionEvents(after:). */
  cursor: Scalars['String']['output'];
  notificationType: SmsNotificationType;
  /** The referenceId of the operation that caused this event, where GWS sends one. */
  referenceId?: Maybe<Scalars['Int']['output']>;
  sessionId: Scalars['ID']['output'];
};

export const SmsSessionState = {
  Chatting: 'CHATTING',
  Completed: 'COMPLETED',
  Invited: 'INVITED',
  /** GWS could not join the agent to the session; it can still be completed and given a disposition. */
  JoinFailed: 'JOIN_FAILED',
  LeftChat: 'LEFT_CHAT',
  Revoked: 'REVOKED',
  Unknown: 'UNKNOWN'
} as const;

export type SmsSessionState = typeof SmsSessionState[keyof typeof SmsSessionState];
/** The session's state, participants, capabilities or user data changed (or a RESYNC snapshot). */
export type SmsSessionUpdated = SmsSessionEvent & {
  __typename?: 'SmsSessionUpdated';
  cursor: Scalars['String']['output'];
  notificationType: SmsNotificationType;
  referenceId?: Maybe<Scalars['Int']['output']>;
  session: SmsSession;
  sessionId: Scalars['ID']['output'];
};

/**
 * A target of the directory: exactly one of a contact, user or queue id. The gateway checks that the
 * directory knows it (NOT_FOUND otherwise) and sends GWS the URI GWS gives it.
 */
export type SmsTarget = {
  contactId?: InputMaybe<Scalars['ID']['input']>;
  queueId?: InputMaybe<Scalars['ID']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** What Invite, Consult and Transfer can target: a user, a queue or a contact. */
export type SmsTargetEntry = {
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** GWS's URI of the entry (its path where GWS sends no URI). */
  uri: Scalars['String']['output'];
};

export const SmsVisibility = {
  Agents: 'AGENTS',
  All: 'ALL',
  Int: 'INT',
  Unknown: 'UNKNOWN',
  Vip: 'VIP'
} as const;

export type SmsVisibility = typeof SmsVisibility[keyof typeof SmsVisibility];
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The agent's channel state changes as GWS notifies them (CometD /v2/me/channels), whichever of
   * the agent's devices made them, from the subscription on; after an upstream reconnect, every
   * channel's state as GWS then reports it.
   */
  agentChannelEvents: AgentChannelEvent;
  /**
   * Live changes of the agent's SMS sessions, from GWS's notifications (CometD), over graphql-ws at
   * /graphql. With id, only that session's events. After an upstream reconnect every session is sent
   * again as an SmsSessionUpdated with notificationType RESYNC, so no client is left stale.
   *
   * With after (the cursor of the last event received), the events after it that the gateway still
   * holds come first, in order, then live ones, with no duplicate and no gap. A cursor it cannot
   * honour (unknown, too old, or from before a gateway restart) gets an SmsSessionUpdated RESYNC
   * snapshot of every session (of id) instead, then live events. Without after: live events only.
   */
  smsSessionEvents: SmsSessionEvent;
};


export type SubscriptionSmsSessionEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
};

/** A user (an agent) of the contact centre. */
export type User = SmsTargetEntry & {
  __typename?: 'User';
  /**
   * Whether the user can take work now, per channel: the availability of the user's contact in the
   * directory (empty when it lists none). The users of one answer are read together, in one request.
   */
  availability: Array<ContactAvailability>;
  firstName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastName?: Maybe<Scalars['String']['output']>;
  /** First and last name, else the user name. */
  name: Scalars['String']['output'];
  uri: Scalars['String']['output'];
  userName?: Maybe<Scalars['String']['output']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;




/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  SmsSessionEvent:
    | ( LoggedSmsMessagesAdded )
    | ( LoggedSmsOperationFailed )
    | ( LoggedSmsSessionUpdated )
  ;
  SmsTargetEntry:
    | ( Contact )
    | ( Queue )
    | ( UserModel )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Agent: ResolverTypeWrapper<AgentModel>;
  AgentChannel: ResolverTypeWrapper<AgentChannel>;
  AgentChannelEvent: ResolverTypeWrapper<AgentChannelEvent>;
  AgentChannelState: AgentChannelState;
  AgentOperationResult: ResolverTypeWrapper<AgentOperationResultModel>;
  AgentState: ResolverTypeWrapper<AgentState>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Contact: ResolverTypeWrapper<Contact>;
  ContactAvailability: ResolverTypeWrapper<ContactAvailability>;
  ContactConnection: ResolverTypeWrapper<ContactConnection>;
  ContactEdge: ResolverTypeWrapper<ContactEdge>;
  ContactType: ContactType;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSONObject: ResolverTypeWrapper<Scalars['JSONObject']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Queue: ResolverTypeWrapper<Queue>;
  SmsCapability: SmsCapability;
  SmsMessage: ResolverTypeWrapper<Omit<SmsMessage, 'from'> & { from?: Maybe<ResolversTypes['SmsParticipant']> }>;
  SmsMessageConnection: ResolverTypeWrapper<Omit<SmsMessageConnection, 'edges'> & { edges: Array<ResolversTypes['SmsMessageEdge']> }>;
  SmsMessageEdge: ResolverTypeWrapper<Omit<SmsMessageEdge, 'node'> & { node: ResolversTypes['SmsMessage'] }>;
  SmsMessageType: SmsMessageType;
  SmsMessagesAdded: ResolverTypeWrapper<LoggedSmsMessagesAdded>;
  SmsNotificationType: SmsNotificationType;
  SmsOperationFailed: ResolverTypeWrapper<LoggedSmsOperationFailed>;
  SmsOperationOutcome: SmsOperationOutcome;
  SmsOperationResult: ResolverTypeWrapper<Omit<SmsOperationResult, 'session'> & { session?: Maybe<ResolversTypes['SmsSession']> }>;
  SmsParticipant: ResolverTypeWrapper<Omit<SmsParticipant, 'person'> & { person?: Maybe<ResolversTypes['SmsTargetEntry']> }>;
  SmsParticipantType: SmsParticipantType;
  SmsSession: ResolverTypeWrapper<SmsSessionModel>;
  SmsSessionEvent: ResolverTypeWrapper<LoggedSmsSessionEvent>;
  SmsSessionState: SmsSessionState;
  SmsSessionUpdated: ResolverTypeWrapper<LoggedSmsSessionUpdated>;
  SmsTarget: SmsTarget;
  SmsTargetEntry: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['SmsTargetEntry']>;
  SmsVisibility: SmsVisibility;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<UserModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Agent: AgentModel;
  AgentChannel: AgentChannel;
  AgentChannelEvent: AgentChannelEvent;
  AgentOperationResult: AgentOperationResultModel;
  AgentState: AgentState;
  Boolean: Scalars['Boolean']['output'];
  Contact: Contact;
  ContactAvailability: ContactAvailability;
  ContactConnection: ContactConnection;
  ContactEdge: ContactEdge;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSONObject: Scalars['JSONObject']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Queue: Queue;
  SmsMessage: Omit<SmsMessage, 'from'> & { from?: Maybe<ResolversParentTypes['SmsParticipant']> };
  SmsMessageConnection: Omit<SmsMessageConnection, 'edges'> & { edges: Array<ResolversParentTypes['SmsMessageEdge']> };
  SmsMessageEdge: Omit<SmsMessageEdge, 'node'> & { node: ResolversParentTypes['SmsMessage'] };
  SmsMessagesAdded: LoggedSmsMessagesAdded;
  SmsOperationFailed: LoggedSmsOperationFailed;
  SmsOperationResult: Omit<SmsOperationResult, 'session'> & { session?: Maybe<ResolversParentTypes['SmsSession']> };
  SmsParticipant: Omit<SmsParticipant, 'person'> & { person?: Maybe<ResolversParentTypes['SmsTargetEntry']> };
  SmsSession: SmsSessionModel;
  SmsSessionEvent: LoggedSmsSessionEvent;
  SmsSessionUpdated: LoggedSmsSessionUpdated;
  SmsTarget: SmsTarget;
  SmsTargetEntry: ResolversInterfaceTypes<ResolversParentTypes>['SmsTargetEntry'];
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  User: UserModel;
}>;

export type AgentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent']> = ResolversObject<{
  channels?: Resolver<Array<ResolversTypes['AgentChannel']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AgentChannelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AgentChannel'] = ResolversParentTypes['AgentChannel']> = ResolversObject<{
  channel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['AgentChannelState'], ParentType, ContextType>;
  stateId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type AgentChannelEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AgentChannelEvent'] = ResolversParentTypes['AgentChannelEvent']> = ResolversObject<{
  channels?: Resolver<Array<ResolversTypes['AgentChannel']>, ParentType, ContextType>;
}>;

export type AgentOperationResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AgentOperationResult'] = ResolversParentTypes['AgentOperationResult']> = ResolversObject<{
  channels?: Resolver<Array<ResolversTypes['AgentChannel']>, ParentType, ContextType>;
  channelsNotStarted?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  operationName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  statusCode?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  statusMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AgentStateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AgentState'] = ResolversParentTypes['AgentState']> = ResolversObject<{
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['AgentChannelState'], ParentType, ContextType>;
}>;

export type ContactResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact']> = ResolversObject<{
  availability?: Resolver<Array<ResolversTypes['ContactAvailability']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phoneNumbers?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ContactType'], ParentType, ContextType>;
  uri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ContactAvailabilityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ContactAvailability'] = ResolversParentTypes['ContactAvailability']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userState?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ContactConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ContactConnection'] = ResolversParentTypes['ContactConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ContactEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type ContactEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ContactEdge'] = ResolversParentTypes['ContactEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Contact'], ParentType, ContextType>;
}>;

export interface JsonObjectScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSONObject'], any> {
  name: 'JSONObject';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acceptSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationAcceptSmsSessionArgs, 'awaitOutcome' | 'id' | 'nickname'>>;
  attachSmsUserData?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationAttachSmsUserDataArgs, 'awaitOutcome' | 'id' | 'userData'>>;
  cancelSmsConsult?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationCancelSmsConsultArgs, 'awaitOutcome' | 'id'>>;
  completeSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationCompleteSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  consultOnSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationConsultOnSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  deleteSmsUserData?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationDeleteSmsUserDataArgs, 'awaitOutcome' | 'id' | 'keys'>>;
  endContactCenterSession?: Resolver<ResolversTypes['AgentOperationResult'], ParentType, ContextType>;
  inviteToSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationInviteToSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  leaveAndCompleteSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationLeaveAndCompleteSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  leaveSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationLeaveSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  rejectSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationRejectSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  removeSmsParticipant?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationRemoveSmsParticipantArgs, 'awaitOutcome' | 'id' | 'targetUri'>>;
  sendSmsCustomNotice?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSendSmsCustomNoticeArgs, 'awaitOutcome' | 'id' | 'noticeText'>>;
  sendSmsCustomNoticeToAgents?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSendSmsCustomNoticeToAgentsArgs, 'awaitOutcome' | 'id' | 'noticeText'>>;
  sendSmsMessage?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSendSmsMessageArgs, 'awaitOutcome' | 'id' | 'text'>>;
  sendSmsMessageToAgents?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSendSmsMessageToAgentsArgs, 'awaitOutcome' | 'id' | 'text'>>;
  sendSmsUrl?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSendSmsUrlArgs, 'awaitOutcome' | 'id' | 'url'>>;
  setAgentChannelState?: Resolver<ResolversTypes['AgentOperationResult'], ParentType, ContextType, RequireFields<MutationSetAgentChannelStateArgs, 'channel' | 'state'>>;
  setSmsDisposition?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSetSmsDispositionArgs, 'awaitOutcome' | 'disposition' | 'id'>>;
  setSmsSessionInFocus?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationSetSmsSessionInFocusArgs, 'awaitOutcome' | 'id'>>;
  startContactCenterSession?: Resolver<ResolversTypes['AgentOperationResult'], ParentType, ContextType, RequireFields<MutationStartContactCenterSessionArgs, 'channels'>>;
  startSmsTyping?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationStartSmsTypingArgs, 'awaitOutcome' | 'id'>>;
  stopSmsTyping?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationStopSmsTypingArgs, 'awaitOutcome' | 'id'>>;
  transferSmsSession?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationTransferSmsSessionArgs, 'awaitOutcome' | 'id'>>;
  updateSmsUserData?: Resolver<ResolversTypes['SmsOperationResult'], ParentType, ContextType, RequireFields<MutationUpdateSmsUserDataArgs, 'awaitOutcome' | 'id' | 'userData'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  agentStates?: Resolver<Array<ResolversTypes['AgentState']>, ParentType, ContextType>;
  contacts?: Resolver<ResolversTypes['ContactConnection'], ParentType, ContextType, Partial<QueryContactsArgs>>;
  me?: Resolver<ResolversTypes['Agent'], ParentType, ContextType>;
  queues?: Resolver<Array<ResolversTypes['Queue']>, ParentType, ContextType, Partial<QueryQueuesArgs>>;
  smsSession?: Resolver<Maybe<ResolversTypes['SmsSession']>, ParentType, ContextType, RequireFields<QuerySmsSessionArgs, 'id'>>;
  smsSessions?: Resolver<Array<ResolversTypes['SmsSession']>, ParentType, ContextType>;
}>;

export type QueueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Queue'] = ResolversParentTypes['Queue']> = ResolversObject<{
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SmsMessageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsMessage'] = ResolversParentTypes['SmsMessage']> = ResolversObject<{
  from?: Resolver<Maybe<ResolversTypes['SmsParticipant']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  noticeText?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  timestamp?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['SmsMessageType'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  visibility?: Resolver<ResolversTypes['SmsVisibility'], ParentType, ContextType>;
}>;

export type SmsMessageConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsMessageConnection'] = ResolversParentTypes['SmsMessageConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SmsMessageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type SmsMessageEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsMessageEdge'] = ResolversParentTypes['SmsMessageEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SmsMessage'], ParentType, ContextType>;
}>;

export type SmsMessagesAddedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsMessagesAdded'] = ResolversParentTypes['SmsMessagesAdded']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  messages?: Resolver<Array<ResolversTypes['SmsMessage']>, ParentType, ContextType>;
  notificationType?: Resolver<ResolversTypes['SmsNotificationType'], ParentType, ContextType>;
  referenceId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SmsOperationFailedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsOperationFailed'] = ResolversParentTypes['SmsOperationFailed']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  errorMessage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notificationType?: Resolver<ResolversTypes['SmsNotificationType'], ParentType, ContextType>;
  referenceId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  session?: Resolver<Maybe<ResolversTypes['SmsSession']>, ParentType, ContextType>;
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SmsOperationResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsOperationResult'] = ResolversParentTypes['SmsOperationResult']> = ResolversObject<{
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  operationName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['SmsOperationOutcome'], ParentType, ContextType>;
  referenceId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  session?: Resolver<Maybe<ResolversTypes['SmsSession']>, ParentType, ContextType>;
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  statusCode?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  statusMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SmsParticipantResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsParticipant'] = ResolversParentTypes['SmsParticipant']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  nickname?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  participantId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  path?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  person?: Resolver<Maybe<ResolversTypes['SmsTargetEntry']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['SmsParticipantType'], ParentType, ContextType>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  visibility?: Resolver<Maybe<ResolversTypes['SmsVisibility']>, ParentType, ContextType>;
}>;

export type SmsSessionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsSession'] = ResolversParentTypes['SmsSession']> = ResolversObject<{
  capabilities?: Resolver<Array<ResolversTypes['SmsCapability']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  messages?: Resolver<Array<ResolversTypes['SmsMessage']>, ParentType, ContextType, Partial<SmsSessionMessagesArgs>>;
  participants?: Resolver<Array<ResolversTypes['SmsParticipant']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['SmsSessionState'], ParentType, ContextType>;
  transcript?: Resolver<ResolversTypes['SmsMessageConnection'], ParentType, ContextType, Partial<SmsSessionTranscriptArgs>>;
  uri?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userData?: Resolver<Maybe<ResolversTypes['JSONObject']>, ParentType, ContextType>;
}>;

export type SmsSessionEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsSessionEvent'] = ResolversParentTypes['SmsSessionEvent']> = ResolversObject<{
  __resolveType: TypeResolveFn<'SmsMessagesAdded' | 'SmsOperationFailed' | 'SmsSessionUpdated', ParentType, ContextType>;
}>;

export type SmsSessionUpdatedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsSessionUpdated'] = ResolversParentTypes['SmsSessionUpdated']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notificationType?: Resolver<ResolversTypes['SmsNotificationType'], ParentType, ContextType>;
  referenceId?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  session?: Resolver<ResolversTypes['SmsSession'], ParentType, ContextType>;
  sessionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SmsTargetEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SmsTargetEntry'] = ResolversParentTypes['SmsTargetEntry']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Contact' | 'Queue' | 'User', ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  agentChannelEvents?: SubscriptionResolver<ResolversTypes['AgentChannelEvent'], "agentChannelEvents", ParentType, ContextType>;
  smsSessionEvents?: SubscriptionResolver<ResolversTypes['SmsSessionEvent'], "smsSessionEvents", ParentType, ContextType, Partial<SubscriptionSmsSessionEventsArgs>>;
}>;

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  availability?: Resolver<Array<ResolversTypes['ContactAvailability']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  userName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Agent?: AgentResolvers<ContextType>;
  AgentChannel?: AgentChannelResolvers<ContextType>;
  AgentChannelEvent?: AgentChannelEventResolvers<ContextType>;
  AgentOperationResult?: AgentOperationResultResolvers<ContextType>;
  AgentState?: AgentStateResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  ContactAvailability?: ContactAvailabilityResolvers<ContextType>;
  ContactConnection?: ContactConnectionResolvers<ContextType>;
  ContactEdge?: ContactEdgeResolvers<ContextType>;
  JSONObject?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Queue?: QueueResolvers<ContextType>;
  SmsMessage?: SmsMessageResolvers<ContextType>;
  SmsMessageConnection?: SmsMessageConnectionResolvers<ContextType>;
  SmsMessageEdge?: SmsMessageEdgeResolvers<ContextType>;
  SmsMessagesAdded?: SmsMessagesAddedResolvers<ContextType>;
  SmsOperationFailed?: SmsOperationFailedResolvers<ContextType>;
  SmsOperationResult?: SmsOperationResultResolvers<ContextType>;
  SmsParticipant?: SmsParticipantResolvers<ContextType>;
  SmsSession?: SmsSessionResolvers<ContextType>;
  SmsSessionEvent?: SmsSessionEventResolvers<ContextType>;
  SmsSessionUpdated?: SmsSessionUpdatedResolvers<ContextType>;
  SmsTargetEntry?: SmsTargetEntryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

