/**
 * SMS session operations (`POST /api/v2/me/smssessions/{id}`) as a table: operationName →
 * required capability, parameter check, then the effect on the session and the notifications it
 * causes. A new operation is one more table entry.
 */
import type { WireOperationRequest, WireOperationResponse } from '../gws/wire.js';
import { resolveTarget, type DemoAgent } from './directory.js';
import type { AgentNotification, Requester, SessionEvents } from './events.js';
import { isRejection, rejection, StatusCode, type Rejection } from './http-io.js';
import { agentParticipant, type SessionStore, type SmsSessionRecord } from './sessions.js';
import {
  canBeInvited,
  capabilitiesFor,
  STATE_AFTER_JOINING,
  type Capability,
} from './state-machine.js';

export interface OperationContext {
  readonly session: SmsSessionRecord;
  readonly requester: Requester;
  readonly store: SessionStore;
  readonly events: SessionEvents;
  readonly now: number;
}

/** The effect of an accepted request: changes the session, returns its notifications in order. */
type Effect = (context: OperationContext) => AgentNotification[];

interface Operation {
  /** The capability the agent's view of the session must list for the request to be accepted. */
  readonly capability: Capability;
  /** Checks the parameters: the effect to apply once accepted, or a synchronous refusal. */
  prepare(parameters: WireOperationRequest): Effect | Rejection;
}

/** GWS's wording for a failure it reports asynchronously (Invite page's Error sample). */
const OPERATION_FAILED = 'Operation failed';

const invite: Operation = {
  capability: 'Invite',
  prepare(parameters) {
    // The Invite page's own sample names the target `userUri`.
    const target = firstGiven(parameters, ['targetUri', 'targetPath', 'userUri']);
    if (target === undefined) {
      return rejection(StatusCode.missingParameter, 'targetUri or targetPath is required');
    }
    if (typeof target !== 'string') {
      return rejection(StatusCode.invalidInput, 'targetUri and targetPath must be strings');
    }
    return (context) => join(context, resolveTarget(target));
  },
};

/** The invited agent joins at once (as in the Invite page's first notification). */
function join(context: OperationContext, invitee: DemoAgent | undefined): AgentNotification[] {
  const { session, requester, store, events, now } = context;
  if (!invitee || !canBeInvited(session.stateOf(invitee))) {
    return [events.error(session, requester, OPERATION_FAILED)];
  }
  const participant = agentParticipant(store.newParticipantId(), invitee);
  session.addParticipant(participant);
  session.agentStates.set(invitee, STATE_AFTER_JOINING);
  const joined = session.append({
    type: 'ParticipantJoined',
    from: participant,
    visibility: 'All',
    timestampMs: now,
  });
  return [
    ...events.stateChange(session, 'ParticipantsUpdated', { requester }),
    ...events.newMessages(session, [joined], { requester }, invitee),
  ];
}

const OPERATIONS: ReadonlyMap<string, Operation> = new Map([['Invite', invite]]);

export interface OperationRequest {
  readonly agent: DemoAgent;
  readonly sessionId: string;
  /** The parsed JSON body. */
  readonly body: unknown;
  /** Numbers the request once it is accepted (per HTTP session). */
  readonly nextReferenceId: () => number;
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
  const { agent, sessionId, body } = request;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refused(rejection(StatusCode.invalidInput, 'The request body must be a JSON object'));
  }
  const parameters = body as WireOperationRequest;
  const operationName: unknown = parameters.operationName;
  if (operationName === undefined || operationName === null || operationName === '') {
    return refused(rejection(StatusCode.missingParameter, 'operationName is required'));
  }
  const session = store.findFor(agent, sessionId);
  if (!session) return refused(sessionNotFound(sessionId));
  const operation = typeof operationName === 'string' ? OPERATIONS.get(operationName) : undefined;
  if (!operation) {
    return refused(
      rejection(
        StatusCode.invalidInput,
        `Unsupported operationName ${JSON.stringify(operationName)}`,
      ),
    );
  }
  const effect = operation.prepare(parameters);
  if (isRejection(effect)) return refused(effect);
  const state = session.stateOf(agent) ?? 'Completed';
  if (!capabilitiesFor(state, session.inConference()).includes(operation.capability)) {
    return refused(
      rejection(
        StatusCode.invalidForState,
        `${operation.capability} is not valid for SMS session ${session.id} in state ${state}`,
      ),
    );
  }
  const requester: Requester = { agent, referenceId: request.nextReferenceId() };
  const notifications = effect({ session, requester, store, events, now: Date.now() });
  return {
    reply: { statusCode: StatusCode.ok, referenceId: requester.referenceId },
    notifications,
  };
}

export function sessionNotFound(sessionId: string): Rejection {
  return rejection(StatusCode.notFound, `SMS session ${sessionId} not found`);
}

function refused(reply: Rejection): OperationOutcome {
  return { reply, notifications: [] };
}

/** The first of these parameters the client sent with a value; empty strings count as absent. */
function firstGiven(parameters: WireOperationRequest, names: readonly string[]): unknown {
  for (const name of names) {
    const value = parameters[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}
