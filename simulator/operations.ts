/**
 * SMS session operations (`POST /api/v2/me/smssessions/{id}`) as a table: operationName →
 * parameter check, then the effect on the session and the notifications it causes. Whether the
 * agent's situation allows the operation is the state machine's call (`accepts`). A new operation
 * is one more table entry, which the compiler asks for once the operation is in SmsOperationName.
 */
import type {
  SmsOperationName,
  WireOperationRequest,
  WireOperationResponse,
  WireUserData,
} from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import { resolveQueueName, resolveTarget, type DemoAgent } from './directory.js';
import type { AgentNotification, Requester, SessionEvents, Spelling } from './events.js';
import { rejection, StatusCode, type Rejection } from './http-io.js';
import { characterCount } from './text.js';
import type { HttpSession } from './http-sessions.js';
import type { Participant, SessionStore, TranscriptEntry, Visibility } from './sessions.js';
import {
  accepts,
  canBeInvited,
  stateAfterLeaving,
  STATE_WHEN_DONE,
  STATE_WHEN_JOIN_FAILED,
} from './state-machine.js';
import {
  deliver,
  join,
  leaveConversation,
  listeningRequester,
  withdrawOffers,
  type Scene,
} from './transitions.js';

export interface OperationContext extends Scene {
  readonly requester: Requester;
  readonly dialect: GwsDialect;
}

/** The effect of an accepted request: changes the session, returns its notifications in order. */
type Effect = (context: OperationContext) => AgentNotification[];

interface Operation {
  /**
   * The page's sample answers `{"statusCode":0}` alone while its notifications carry the
   * referenceId (Accept, Reject, AttachUserData): the reply omits it in the `asSamples` dialect.
   */
  readonly sampleReplyOmitsReferenceId?: boolean;
  /**
   * Checks the parameters and returns the effect to apply once accepted.
   * @throws ParameterRefusal for a missing (statusCode 1) or unusable (10) parameter.
   */
  prepare(parameters: WireOperationRequest): Effect;
}

/** GWS's wording for a target it cannot reach (the Invite page's Error sample). */
const OPERATION_FAILED = 'Operation failed';
/** GWS's wording for a request the session's participants make impossible (SMSCancelConsult). */
const REQUEST_FAILED = 'Request failed';
/** GWS's wording for a user-data change it cannot make (SMSCancelConsult's second sample). */
const USER_DATA_FAILED = 'Unable to manage user data for interaction id';

/** The key SetDisposition writes without a dispositionKey (the SMSSetDisposition sample's). */
const DEFAULT_DISPOSITION_KEY = 'DispositionCode';

const MAX_TEXT_LENGTH = 4_096;
const MAX_NAME_LENGTH = 256;
/** Per request, and per session after the change: attached data stays small. */
const MAX_USER_DATA_KEYS = 100;

const accept: Operation = {
  sampleReplyOmitsReferenceId: true,
  prepare(parameters) {
    const nickname = requiredString(parameters, 'nickname', MAX_NAME_LENGTH);
    // Last-agent routing (saveLAR) is outside the simulated contact centre: checked, not kept.
    optionalBoolean(parameters, 'saveLAR');
    return (context) => {
      const { session, requester, events } = context;
      // An offer the customer left standing (dialect joinFailed): there is no one to join.
      if (session.hasEnded()) {
        session.moveTo(requester.agent, STATE_WHEN_JOIN_FAILED);
        return [events.statusChange(session, requester.agent, requester)];
      }
      // An Invited agent always holds an offer (SmsSessionRecord.offer); routing's is the default.
      const offer = session.offers.get(requester.agent) ?? { kind: 'Inbound' };
      return join(context, requester.agent, offer, { requester, nickname });
    };
  },
};

const reject: Operation = {
  sampleReplyOmitsReferenceId: true,
  prepare: () => (context) => {
    const { session, requester, events } = context;
    const offer = session.offers.get(requester.agent);
    // Routing offers an inbound session to nobody else: the simulator keeps it simple.
    session.moveTo(requester.agent, STATE_WHEN_DONE);
    const inviters = offer ? listeningRequester(session, offer) : [];
    return [
      events.statusChange(session, requester.agent, requester),
      ...inviters.map((inviter) => events.error(session, inviter, REQUEST_FAILED)),
    ];
  },
};

/** The agent is done with the session: alone, it ends for the customer; in a conference, not. */
const finish: Effect = (context) => {
  const { requester } = context;
  return leaveConversation(context, requester.agent, STATE_WHEN_DONE, { requester });
};

const complete: Operation = {
  prepare(parameters) {
    // Post-processing queues and last-agent routing are outside the simulated contact centre.
    optionalString(parameters, 'queueName', MAX_NAME_LENGTH);
    optionalBoolean(parameters, 'saveLAR');
    return finish;
  },
};

const leave: Operation = {
  prepare: () => (context) => {
    const { session, requester, events } = context;
    // LeftChat lists Leave too: the agent is already out, so only the state is confirmed.
    if (!session.participantOf(requester.agent)) {
      return [events.statusChange(session, requester.agent, requester)];
    }
    const state = stateAfterLeaving(session.inConference());
    return leaveConversation(context, requester.agent, state, { requester });
  },
};

/**
 * No page documents LeaveAndComplete (SMSResources' capability list alone names it): played as a
 * Leave and a Complete in one step, with one StatusChange, to Completed.
 */
const leaveAndComplete: Operation = {
  prepare: () => finish,
};

const transfer: Operation = {
  prepare(parameters) {
    const target = address(parameters, ['targetUri', 'targetPath']);
    const queueName = optionalString(parameters, 'queueName', MAX_NAME_LENGTH);
    if (target !== undefined && queueName !== undefined) {
      throw new ParameterRefusal(
        StatusCode.invalidInput,
        'Give one of targetUri, targetPath or queueName',
      );
    }
    if (queueName !== undefined) {
      const agent = resolveQueueName(queueName);
      return (context) => transferTo(context, agent);
    }
    if (target === undefined) {
      throw new ParameterRefusal(
        StatusCode.missingParameter,
        'targetUri, targetPath or queueName is required',
      );
    }
    const agent = resolveTarget(target);
    return (context) => transferTo(context, agent);
  },
};

/**
 * The transferring agent is done (Completed) and the target is offered the session, or joins at
 * once with auto-answer. A consultant already in the session takes it over in view of the customer.
 */
function transferTo(context: OperationContext, target: DemoAgent | undefined): AgentNotification[] {
  const { session, requester, events } = context;
  const consultant = target && consultantRecord(context, target);
  if (!target || target === requester.agent || (!consultant && !reachable(context, target))) {
    return [events.error(session, requester, OPERATION_FAILED)];
  }
  const handedOver = leaveConversation(context, requester.agent, STATE_WHEN_DONE, {
    requester,
    handover: true,
  });
  return [
    ...handedOver,
    ...(consultant
      ? conferenceIn(context, consultant, [])
      : deliver(context, target, { kind: 'Transfer', requester })),
  ];
}

/** Marks the session as the one the agent looks at, for reporting: GWS publishes nothing. */
const setInFocus: Operation = {
  prepare: () => () => [],
};

/** An operation that adds one transcript entry, sent to every agent in the conversation. */
interface MessageOperation {
  readonly type: TranscriptEntry['type'];
  /** Agents: never shown to the customer. A consultant's entries are Agents whatever this says. */
  readonly visibility: Visibility;
  /** The required parameter carrying the entry's content, under the same name in the entry. */
  readonly field?: 'text' | 'url' | 'noticeText';
  readonly spelling?: Spelling;
}

/** Entries a transcript with gaps does not keep (see the dialect's transcriptGaps). */
const EPHEMERAL_TYPES: ReadonlySet<string> = new Set(['TypingStarted', 'TypingStopped']);

function messageOperation(spec: MessageOperation): Operation {
  const { type, field, spelling } = spec;
  return {
    prepare(parameters) {
      const content = field ? { [field]: requiredString(parameters, field, MAX_TEXT_LENGTH) } : {};
      return (context) => {
        const { session, requester, events, now } = context;
        const from = session.participantOf(requester.agent);
        if (!from) return [events.error(session, requester, REQUEST_FAILED)];
        const entry = session.append(
          {
            ...content,
            type,
            from,
            visibility: from.visibility === 'Agents' ? 'Agents' : spec.visibility,
            timestampMs: now,
          },
          !(context.dialect.transcriptGaps && EPHEMERAL_TYPES.has(type)),
        );
        return events.newMessages(session, [entry], [requester], spelling ? { spelling } : {});
      };
    },
  };
}

const invite: Operation = {
  prepare(parameters) {
    // The Invite page's own sample names the target `userUri`.
    const target = requiredAddress(parameters, ['targetUri', 'targetPath', 'userUri']);
    return (context) => {
      const { session, requester, events } = context;
      const agent = resolveTarget(target);
      const consultant = agent && consultantRecord(context, agent);
      if (consultant) return conferenceIn(context, consultant, [requester]);
      if (!agent || !reachable(context, agent)) {
        return [events.error(session, requester, OPERATION_FAILED)];
      }
      return deliver(context, agent, { kind: 'Invite', requester });
    };
  },
};

const consult: Operation = {
  prepare(parameters) {
    const target = requiredAddress(parameters, ['targetUri', 'targetPath']);
    return (context) => {
      const { session, requester, events } = context;
      const agent = resolveTarget(target);
      if (!agent || !reachable(context, agent)) {
        return [events.error(session, requester, OPERATION_FAILED)];
      }
      return deliver(context, agent, { kind: 'Consult', requester });
    };
  },
};

/**
 * Withdraws the open consult offers. Success is silent (SMSCancelConsult); once the consultant
 * has accepted, GWS cannot cancel and says so with an Error.
 */
const cancelConsult: Operation = {
  prepare: () => (context) => {
    const { session, requester, events } = context;
    if (session.pendingOffers('Consult').length === 0) {
      return [events.error(session, requester, REQUEST_FAILED)];
    }
    return withdrawOffers(context, 'Consult');
  },
};

/**
 * An agent-only Notice naming the removed user, then the participant list (the
 * SMSRemoveParticipantFromConference samples); the removed agent is done with the session.
 */
const removeParticipant: Operation = {
  prepare(parameters) {
    const targetUri = requiredString(parameters, 'targetUri', MAX_TEXT_LENGTH);
    return (context) => {
      const { session, requester, events, now } = context;
      const target = resolveTarget(targetUri);
      const removed = target && target !== requester.agent && session.participantOf(target);
      const from = session.participantOf(requester.agent);
      if (!target || !removed || !from) return [events.error(session, requester, REQUEST_FAILED)];
      const notice = session.append({
        type: 'Notice',
        from,
        visibility: 'Agents',
        text: `REMOVE_PARTICIPANT_FROM_CONFERENCE${target.id}`,
        timestampMs: now,
      });
      const noticed = events.newMessages(session, [notice], [requester]);
      removed.present = false;
      session.moveTo(target, STATE_WHEN_DONE);
      return [
        ...noticed,
        events.statusChange(session, target),
        ...events.stateChange(session, 'ParticipantsUpdated', [requester]),
      ];
    };
  },
};

const setDisposition: Operation = {
  prepare(parameters) {
    const disposition = requiredString(parameters, 'disposition', MAX_TEXT_LENGTH);
    const key = optionalString(parameters, 'dispositionKey', MAX_NAME_LENGTH);
    // SMSSetDisposition's notification spells the session key `smsession`.
    return (context) =>
      changeUserData(context, { [key ?? DEFAULT_DISPOSITION_KEY]: disposition }, [], 'smsession');
  },
};

/**
 * AttachUserData and UpdateUserData: GWS's samples show both with the same outcome, the given keys
 * take the given values (added when new), the other keys stay.
 */
function userDataOperation(): Operation {
  return {
    prepare(parameters) {
      const userData = userDataParameter(parameters);
      return (context) => changeUserData(context, userData, []);
    },
  };
}

const deleteUserData: Operation = {
  prepare(parameters) {
    const keys = keysParameter(parameters);
    return (context) => changeUserData(context, {}, keys);
  },
};

/** PropertiesUpdated with the whole userData, as every user-data sample shows it. */
function changeUserData(
  context: OperationContext,
  set: WireUserData,
  remove: readonly string[],
  spelling?: Spelling,
): AgentNotification[] {
  const { session, requester, events } = context;
  const changed: WireUserData = { ...session.userData, ...set };
  for (const key of remove) delete changed[key];
  if (Object.keys(changed).length > MAX_USER_DATA_KEYS) {
    return [events.error(session, requester, USER_DATA_FAILED)];
  }
  for (const key of Object.keys(session.userData)) delete session.userData[key];
  Object.assign(session.userData, changed);
  return events.stateChange(session, 'PropertiesUpdated', [requester], spelling);
}

/** Whether the agent may be offered the session: not offered it already, in it, or wrapping up. */
function reachable(context: OperationContext, agent: DemoAgent): boolean {
  return canBeInvited(context.session.stateOf(agent));
}

/** The agent's participant record if they are a consultant in the conversation. */
function consultantRecord(context: OperationContext, agent: DemoAgent): Participant | undefined {
  const participant = context.session.participantOf(agent);
  return participant?.visibility === 'Agents' ? participant : undefined;
}

/**
 * A consultant is conferenced in (Invite) or takes over (Transfer): the customer now sees them
 * join, and the agents get the participant list and that entry.
 */
function conferenceIn(
  context: OperationContext,
  consultant: Participant,
  requesters: readonly Requester[],
): AgentNotification[] {
  const { session, events, now } = context;
  consultant.visibility = 'All';
  const joined = session.append({
    type: 'ParticipantJoined',
    from: consultant,
    visibility: 'All',
    timestampMs: now,
  });
  return [
    ...events.stateChange(session, 'ParticipantsUpdated', requesters),
    ...events.newMessages(session, [joined], requesters),
  ];
}

/** Every SMS operation the simulator plays, by canonical operationName. */
const OPERATIONS: { readonly [N in SmsOperationName]: Operation } = {
  Accept: accept,
  Reject: reject,
  Complete: complete,
  Leave: leave,
  LeaveAndComplete: leaveAndComplete,
  Transfer: transfer,
  SetInFocus: setInFocus,
  SendMessage: messageOperation({ type: 'Text', visibility: 'All', field: 'text' }),
  SendUrl: messageOperation({ type: 'PushUrl', visibility: 'All', field: 'url' }),
  SendToAgents: messageOperation({ type: 'Text', visibility: 'Agents', field: 'text' }),
  // SMSSendCustomNotice's notification spells the session keys `smsessionUri`/`smsessionPath`.
  SendCustomNotice: messageOperation({
    type: 'CustomNotice',
    visibility: 'All',
    field: 'noticeText',
    spelling: 'smsession',
  }),
  SendCustomNoticeToAgents: messageOperation({
    type: 'CustomNotice',
    visibility: 'Agents',
    field: 'noticeText',
  }),
  SendStartTypingNotification: messageOperation({ type: 'TypingStarted', visibility: 'All' }),
  SendStopTypingNotification: messageOperation({ type: 'TypingStopped', visibility: 'All' }),
  SendStartTypingToAgentsNotification: messageOperation({
    type: 'TypingStarted',
    visibility: 'Agents',
  }),
  SendStopTypingToAgentsNotification: messageOperation({
    type: 'TypingStopped',
    visibility: 'Agents',
  }),
  Invite: invite,
  Consult: consult,
  CancelConsult: cancelConsult,
  RemoveParticipantFromConference: removeParticipant,
  SetDisposition: setDisposition,
  AttachUserData: { ...userDataOperation(), sampleReplyOmitsReferenceId: true },
  UpdateUserData: userDataOperation(),
  DeleteUserData: deleteUserData,
};

/**
 * The documentation's other name for an operation (reference §6.9) → its canonical name; which of
 * the two GWS takes is the dialect's operationSpelling.
 */
const ALTERNATE_NAMES: ReadonlyMap<string, SmsOperationName> = new Map([
  ['InFocus', 'SetInFocus'],
  ['SendStopTypingToAgentNotification', 'SendStopTypingToAgentsNotification'],
]);
const HAVE_ALTERNATE_NAMES: ReadonlySet<SmsOperationName> = new Set(ALTERNATE_NAMES.values());

/** The operation an operationName names in this spelling, or undefined when GWS takes no such name. */
function operationNamed(
  operationName: unknown,
  spelling: GwsDialect['operationSpelling'],
): SmsOperationName | undefined {
  if (typeof operationName !== 'string') return undefined;
  const canonical = ALTERNATE_NAMES.get(operationName);
  if (canonical !== undefined) return spelling === 'canonical' ? undefined : canonical;
  if (!isSmsOperationName(operationName)) return undefined;
  const alternateOnly = spelling === 'alternate' && HAVE_ALTERNATE_NAMES.has(operationName);
  return alternateOnly ? undefined : operationName;
}

export interface OperationRequest {
  readonly agent: DemoAgent;
  readonly sessionId: string;
  /** The parsed JSON body. */
  readonly body: unknown;
  /** The HTTP session that sent it: it numbers the request once accepted. */
  readonly httpSession: HttpSession;
  readonly dialect: GwsDialect;
}

export interface OperationOutcome {
  readonly reply: WireOperationResponse;
  /** To publish after the reply, in this order. */
  readonly notifications: AgentNotification[];
}

export function runOperation(
  store: SessionStore,
  events: SessionEvents,
  request: OperationRequest,
): OperationOutcome {
  const { agent, sessionId, body, dialect } = request;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refused(rejection(StatusCode.invalidInput, 'The request body must be a JSON object'));
  }
  const parameters = body as WireOperationRequest;
  const operationName: unknown = parameters.operationName;
  if (!isGiven(operationName)) {
    return refused(rejection(StatusCode.missingParameter, 'operationName is required'));
  }
  const session = store.findFor(agent, sessionId);
  if (!session) return refused(sessionNotFound(sessionId));
  const name = operationNamed(operationName, dialect.operationSpelling);
  if (name === undefined) {
    return refused(
      rejection(
        StatusCode.invalidInput,
        `Unsupported operationName ${JSON.stringify(operationName)}`,
      ),
    );
  }
  const operation = OPERATIONS[name];
  let effect: Effect;
  try {
    effect = operation.prepare(parameters);
  } catch (error) {
    if (error instanceof ParameterRefusal)
      return refused(rejection(error.statusCode, error.message));
    throw error;
  }
  const situation = session.situationOf(agent);
  if (!accepts(situation, name)) {
    return refused(
      rejection(
        StatusCode.invalidForState,
        `${name} is not valid for SMS session ${session.id} in state ${situation.state}`,
      ),
    );
  }
  const { httpSession } = request;
  const requester: Requester = { agent, referenceId: httpSession.nextReferenceId(), httpSession };
  const notifications = effect({ session, requester, store, events, now: Date.now(), dialect });
  const omitsReferenceId =
    dialect.replyReferenceIds === 'asSamples' && operation.sampleReplyOmitsReferenceId === true;
  return {
    reply: omitsReferenceId
      ? { statusCode: StatusCode.ok }
      : { statusCode: StatusCode.ok, referenceId: requester.referenceId },
    notifications,
  };
}

export function sessionNotFound(sessionId: string): Rejection {
  return rejection(StatusCode.notFound, `SMS session ${sessionId} not found`);
}

function refused(reply: Rejection): OperationOutcome {
  return { reply, notifications: [] };
}

/** A parameter GWS refuses synchronously; thrown so each table entry reads as its checks. */
class ParameterRefusal extends Error {
  override readonly name = 'ParameterRefusal';

  constructor(
    readonly statusCode: (typeof StatusCode)['missingParameter' | 'invalidInput'],
    message: string,
  ) {
    super(message);
  }
}

function isSmsOperationName(name: string): name is SmsOperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** Absent, null and empty strings count as not given, as GWS treats them. */
function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function optionalString(
  parameters: WireOperationRequest,
  name: string,
  maxLength: number,
): string | undefined {
  const value = parameters[name];
  if (!isGiven(value)) return undefined;
  if (typeof value !== 'string' || characterCount(value) > maxLength) {
    throw new ParameterRefusal(
      StatusCode.invalidInput,
      `${name} must be a string of at most ${maxLength} characters`,
    );
  }
  return value;
}

function requiredString(parameters: WireOperationRequest, name: string, maxLength: number): string {
  const value = optionalString(parameters, name, maxLength);
  if (value === undefined)
    throw new ParameterRefusal(StatusCode.missingParameter, `${name} is required`);
  return value;
}

/** Checks an optional boolean the simulator has no use for (it is not kept). */
function optionalBoolean(parameters: WireOperationRequest, name: string): void {
  const value = parameters[name];
  if (value !== undefined && value !== null && typeof value !== 'boolean') {
    throw new ParameterRefusal(StatusCode.invalidInput, `${name} must be true or false`);
  }
}

/** The first of these target parameters given (a uri or path), or undefined. */
function address(parameters: WireOperationRequest, names: readonly string[]): string | undefined {
  const name = names.find((candidate) => isGiven(parameters[candidate]));
  return name === undefined ? undefined : optionalString(parameters, name, MAX_TEXT_LENGTH);
}

function requiredAddress(parameters: WireOperationRequest, names: readonly string[]): string {
  const target = address(parameters, names);
  if (target === undefined) {
    throw new ParameterRefusal(StatusCode.missingParameter, 'targetUri or targetPath is required');
  }
  return target;
}

/** `userData`: an object of 1 to MAX_USER_DATA_KEYS string or number values (SMSAttachUserData). */
function userDataParameter(parameters: WireOperationRequest): WireUserData {
  const value = parameters.userData;
  if (value === undefined || value === null) {
    throw new ParameterRefusal(StatusCode.missingParameter, 'userData is required');
  }
  const entries = typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  const usable = entries.every(
    ([key, entry]) =>
      key !== '' &&
      characterCount(key) <= MAX_NAME_LENGTH &&
      ((typeof entry === 'string' && characterCount(entry) <= MAX_TEXT_LENGTH) ||
        (typeof entry === 'number' && Number.isFinite(entry))),
  );
  if (entries.length === 0 || entries.length > MAX_USER_DATA_KEYS || !usable) {
    throw new ParameterRefusal(
      StatusCode.invalidInput,
      `userData must be an object of 1 to ${MAX_USER_DATA_KEYS} string or number values`,
    );
  }
  return Object.fromEntries(entries) as WireUserData;
}

/** `keys`: a non-empty array of key names (SMSDeleteUserData; not the IM API's single `key`). */
function keysParameter(parameters: WireOperationRequest): string[] {
  const value = parameters.keys;
  if (value === undefined || value === null) {
    throw new ParameterRefusal(StatusCode.missingParameter, 'keys is required');
  }
  const usable =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_USER_DATA_KEYS &&
    value.every(
      (key) => typeof key === 'string' && key !== '' && characterCount(key) <= MAX_NAME_LENGTH,
    );
  if (!usable) {
    throw new ParameterRefusal(
      StatusCode.invalidInput,
      `keys must be an array of 1 to ${MAX_USER_DATA_KEYS} key names`,
    );
  }
  return value as string[];
}
