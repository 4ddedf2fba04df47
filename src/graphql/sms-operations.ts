import {
  operationRequests,
  type SmsOperationName,
  type WireOperationRequest,
} from '../gws/index.js';
import {
  SmsMessageType,
  SmsNotificationType,
  SmsSessionState,
  type Mutation,
  type MutationResolvers,
  type SmsOperationResult,
} from '../generated/graphql.js';
import type { Context } from './context.js';
import {
  messageAdded,
  notified,
  SILENCE,
  stateBecomes,
  type OutcomeRule,
} from './outcome-rules.js';

/**
 * The SMS Session API operations (`POST /api/v2/me/smssessions/{id}`) as the GraphQL API offers
 * them: one entry per operationName, naming the mutation that sends it, how that mutation's
 * arguments become the body (a builder of `operationRequests`, the one place that checks and
 * shapes it), and how its outcome is known. The Mutation resolvers are made from this table, so the
 * compiler holds it to every {@link SmsOperationName}, and to every mutation of the schema that
 * answers SmsOperationResult. The presence mutations (presence.ts) are not here: they act on the
 * agent, not on a session, and GWS documents no notification of them to await.
 */

/** The mutations that run an SMS operation: those answering SmsOperationResult. */
export type SmsOperationField = {
  [F in keyof Mutation]-?: Mutation[F] extends SmsOperationResult ? F : never;
}[keyof Mutation];

/** What every mutation of an SMS operation takes besides the operation's own parameters. */
interface SessionOperationArguments {
  id: string;
  awaitOutcome?: boolean | null;
  timeoutMs?: number | null;
}

/** A mutation's arguments as its resolver receives them, defaults applied. */
type MutationArguments<F extends SmsOperationField> = Parameters<
  Extract<MutationResolvers<Context>[F], (...args: never[]) => unknown>
>[1];

/** The arguments of the mutation that are Boolean, but awaitOutcome (the runner's own). */
type BooleanArgument<F extends SmsOperationField> = Exclude<
  {
    [A in keyof MutationArguments<F>]-?: NonNullable<MutationArguments<F>[A]> extends boolean
      ? A
      : never;
  }[keyof MutationArguments<F>],
  'awaitOutcome'
>;

interface SmsOperationEntry<N extends SmsOperationName, F extends SmsOperationField> {
  /** The mutation that sends the operation. */
  readonly mutation: F;
  /**
   * Set where the mutation sends one of two operations: it sends this one when this argument is
   * true, and the other one's entry (which has no `when`) otherwise.
   */
  readonly when?: BooleanArgument<F>;
  /** The body from the mutation's arguments; throws GwsError `invalid_input` on bad input. */
  readonly request: (args: MutationArguments<F>) => WireOperationRequest<N>;
  /** The documented effect that confirms it when no referenceId decides, or silence. */
  readonly outcome: OutcomeRule;
}

/** An operation's entry, whichever mutation sends it: the mutation's name picks its arguments. */
type EntryOf<N extends SmsOperationName> = {
  [F in SmsOperationField]: SmsOperationEntry<N, F>;
}[SmsOperationField];

export type SmsOperationTable = { readonly [N in SmsOperationName]: EntryOf<N> };

export const SMS_OPERATIONS = {
  Accept: {
    mutation: 'acceptSmsSession',
    request: operationRequests.Accept,
    outcome: stateBecomes(SmsSessionState.Chatting),
  },
  Reject: {
    mutation: 'rejectSmsSession',
    request: operationRequests.Reject,
    outcome: stateBecomes(SmsSessionState.Completed, SmsSessionState.Revoked),
  },
  Complete: {
    mutation: 'completeSmsSession',
    request: operationRequests.Complete,
    outcome: stateBecomes(SmsSessionState.Completed),
  },
  Leave: {
    mutation: 'leaveSmsSession',
    request: operationRequests.Leave,
    outcome: stateBecomes(SmsSessionState.LeftChat, SmsSessionState.Completed),
  },
  LeaveAndComplete: {
    mutation: 'leaveAndCompleteSmsSession',
    request: operationRequests.LeaveAndComplete,
    outcome: stateBecomes(SmsSessionState.Completed),
  },
  Transfer: {
    mutation: 'transferSmsSession',
    request: operationRequests.Transfer,
    outcome: stateBecomes(SmsSessionState.Completed),
  },
  SetInFocus: {
    mutation: 'setSmsSessionInFocus',
    request: operationRequests.SetInFocus,
    outcome: SILENCE,
  },
  SendMessage: {
    mutation: 'sendSmsMessage',
    request: operationRequests.SendMessage,
    outcome: messageAdded(SmsMessageType.Text, 'text'),
  },
  SendUrl: {
    mutation: 'sendSmsUrl',
    request: operationRequests.SendUrl,
    outcome: messageAdded(SmsMessageType.PushUrl, 'url'),
  },
  SendToAgents: {
    mutation: 'sendSmsMessageToAgents',
    request: operationRequests.SendToAgents,
    outcome: messageAdded(SmsMessageType.Text, 'text'),
  },
  SendCustomNotice: {
    mutation: 'sendSmsCustomNotice',
    request: operationRequests.SendCustomNotice,
    outcome: messageAdded(SmsMessageType.CustomNotice, 'noticeText'),
  },
  SendCustomNoticeToAgents: {
    mutation: 'sendSmsCustomNoticeToAgents',
    request: operationRequests.SendCustomNoticeToAgents,
    outcome: messageAdded(SmsMessageType.CustomNotice, 'noticeText'),
  },
  SendStartTypingNotification: {
    mutation: 'startSmsTyping',
    request: operationRequests.SendStartTypingNotification,
    outcome: messageAdded(SmsMessageType.TypingStarted),
  },
  SendStartTypingToAgentsNotification: {
    mutation: 'startSmsTyping',
    when: 'toAgents',
    request: operationRequests.SendStartTypingToAgentsNotification,
    outcome: messageAdded(SmsMessageType.TypingStarted),
  },
  SendStopTypingNotification: {
    mutation: 'stopSmsTyping',
    request: operationRequests.SendStopTypingNotification,
    outcome: messageAdded(SmsMessageType.TypingStopped),
  },
  SendStopTypingToAgentsNotification: {
    mutation: 'stopSmsTyping',
    when: 'toAgents',
    request: operationRequests.SendStopTypingToAgentsNotification,
    outcome: messageAdded(SmsMessageType.TypingStopped),
  },
  Invite: {
    mutation: 'inviteToSmsSession',
    request: operationRequests.Invite,
    outcome: notified(SmsNotificationType.ParticipantsUpdated),
  },
  Consult: {
    mutation: 'consultOnSmsSession',
    request: operationRequests.Consult,
    outcome: notified(SmsNotificationType.ParticipantsUpdated),
  },
  CancelConsult: {
    mutation: 'cancelSmsConsult',
    request: operationRequests.CancelConsult,
    outcome: SILENCE,
  },
  RemoveParticipantFromConference: {
    mutation: 'removeSmsParticipant',
    request: operationRequests.RemoveParticipantFromConference,
    outcome: notified(SmsNotificationType.ParticipantsUpdated),
  },
  SetDisposition: {
    mutation: 'setSmsDisposition',
    request: operationRequests.SetDisposition,
    outcome: notified(SmsNotificationType.PropertiesUpdated),
  },
  AttachUserData: {
    mutation: 'attachSmsUserData',
    request: operationRequests.AttachUserData,
    outcome: notified(SmsNotificationType.PropertiesUpdated),
  },
  UpdateUserData: {
    mutation: 'updateSmsUserData',
    request: operationRequests.UpdateUserData,
    outcome: notified(SmsNotificationType.PropertiesUpdated),
  },
  DeleteUserData: {
    mutation: 'deleteSmsUserData',
    request: operationRequests.DeleteUserData,
    outcome: notified(SmsNotificationType.PropertiesUpdated),
  },
} satisfies SmsOperationTable;

/** The mutations the table's entries name. */
export type SmsMutationField = (typeof SMS_OPERATIONS)[SmsOperationName]['mutation'];

/** A mutation's arguments as read whichever the mutation. */
export type SmsMutationArguments = SessionOperationArguments & Record<string, unknown>;

/** What a mutation sends: the request its arguments make. */
export type SmsMutationRequest = (
  args: SmsMutationArguments,
) => WireOperationRequest<SmsOperationName>;

/** An entry as read whichever its mutation. */
interface AnyEntry {
  readonly mutation: SmsOperationField;
  readonly when?: string;
  // A method: its parameter is compared both ways, so each entry's request (typed for its own
  // mutation's arguments) fits.
  request(args: SmsMutationArguments): WireOperationRequest<SmsOperationName>;
}

/**
 * The request each mutation of the table sends, from its arguments.
 * @throws Error when a mutation's entries do not say which operation it sends.
 */
export function requestsByMutation(
  table: SmsOperationTable,
): Map<SmsOperationField, SmsMutationRequest> {
  const sendersOf = new Map<SmsOperationField, [string, AnyEntry][]>();
  const entries: [string, AnyEntry][] = Object.entries(table);
  for (const sender of entries) {
    const { mutation } = sender[1];
    sendersOf.set(mutation, [...(sendersOf.get(mutation) ?? []), sender]);
  }
  return new Map(
    [...sendersOf].map(([mutation, senders]) => [mutation, mutationRequest(mutation, senders)]),
  );
}

/**
 * A mutation sends one operation; where it sends one of two, the other's entry names the Boolean
 * argument that chooses it (`when`).
 */
function mutationRequest(mutation: string, senders: [string, AnyEntry][]): SmsMutationRequest {
  const [plain, ...morePlain] = senders.filter(([, entry]) => entry.when === undefined);
  const [chosen, ...moreChosen] = senders.filter(([, entry]) => entry.when !== undefined);
  if (!plain || morePlain.length > 0 || moreChosen.length > 0) {
    const sent = senders.map(([name, { when }]) => (when ? `${name} when ${when}` : name));
    throw new Error(
      `${mutation} sends ${sent.join(', ')}: it must send one operation, and may send another ` +
        'when a Boolean argument is true.',
    );
  }
  const [, byDefault] = plain;
  if (!chosen) return (args) => byDefault.request(args);
  const [, alternative] = chosen;
  const argument = alternative.when as string;
  return (args) => (args[argument] === true ? alternative : byDefault).request(args);
}

/** The request of each mutation the table names; a table that cannot say one fails at start. */
export const SMS_MUTATIONS = requestsByMutation(SMS_OPERATIONS);
