/**
 * The moves of a session that agents' operations and contact-centre events share: routing hands
 * the session to an agent, an agent joins or leaves, an offer is withdrawn, a party leaves. Each
 * changes the session and returns the notifications it causes, in the order GWS sends them.
 */
import type { DemoAgent } from './directory.js';
import type { AgentNotification, Requester, SessionEvents } from './events.js';
import {
  agentParticipant,
  type Offer,
  type Participant,
  type SessionStore,
  type SmsSessionRecord,
  type TranscriptEntry,
} from './sessions.js';
import {
  isInConversation,
  STATE_AFTER_JOINING,
  STATE_WHEN_WITHDRAWN,
  type SessionState,
} from './state-machine.js';

export interface Scene {
  readonly session: SmsSessionRecord;
  readonly store: SessionStore;
  readonly events: SessionEvents;
  /** Epoch milliseconds: the time stamp of the transcript entries the move adds. */
  readonly now: number;
}

/**
 * Routing hands the session to an agent: an agent with auto-answer joins at once, any other is
 * offered it (Invited, [Accept, Reject]) and sees it in their own list.
 */
export function deliver(scene: Scene, agent: DemoAgent, offer: Offer): AgentNotification[] {
  if (agent.autoAnswer) return join(scene, agent, offer);
  scene.session.offer(agent, offer);
  return [scene.events.statusChange(scene.session, agent)];
}

/** An Accept request and the nickname it gives the agent. */
export interface Acceptance {
  readonly requester: Requester;
  readonly nickname: string;
}

/**
 * The agent takes the offer (Accept, or auto-answer). They get StatusChange, the participant list,
 * then the transcript so far (SMSAccept's order); everyone in the conversation, the agent who
 * asked for the offer among them, gets the participant list and the ParticipantJoined entry. A
 * consultant joins visible to agents only, so the customer never learns of them.
 */
export function join(
  scene: Scene,
  agent: DemoAgent,
  offer: Offer,
  acceptance?: Acceptance,
): AgentNotification[] {
  const { session, store, events, now } = scene;
  const visibility = offer.kind === 'Consult' ? 'Agents' : 'All';
  const participant = agentParticipant(
    store.newParticipantId(),
    agent,
    visibility,
    acceptance?.nickname,
  );
  session.addParticipant(participant);
  session.moveTo(agent, STATE_AFTER_JOINING);
  const joined = session.append({
    type: 'ParticipantJoined',
    from: participant,
    visibility,
    timestampMs: now,
  });
  const requesters = [
    ...(acceptance ? [acceptance.requester] : []),
    ...listeningRequester(session, offer),
  ];
  return [
    events.statusChange(session, agent, acceptance?.requester),
    ...events.stateChange(session, 'ParticipantsUpdated', requesters),
    ...events.newMessages(session, [joined], requesters, { joining: agent }),
  ];
}

/**
 * The agent who asked for the offer, while they are still in the conversation to hear how it
 * ended (an agent who transferred the session has left it).
 */
export function listeningRequester(session: SmsSessionRecord, offer: Offer): Requester[] {
  const { requester } = offer;
  return requester && isInConversation(session.stateOf(requester.agent)) ? [requester] : [];
}

/** Every open offer (of this kind) is withdrawn: Revoked, and a StatusChange to each agent. */
export function withdrawOffers(scene: Scene, kind?: Offer['kind']): AgentNotification[] {
  const { session, events } = scene;
  return session.pendingOffers(kind).map((agent) => {
    session.moveTo(agent, STATE_WHEN_WITHDRAWN);
    return events.statusChange(session, agent);
  });
}

export interface Departure {
  /** The request behind it, when the leaver asked (Leave, Complete, Transfer). */
  readonly requester?: Requester;
  /** The customer waits for another agent (Transfer), so the conversation goes on without any. */
  readonly handover?: boolean;
}

/**
 * The agent leaves the conversation for `state`: a StatusChange to them; the others get the
 * ParticipantLeft entry and the participant list. When the last agent goes (other than by a
 * transfer), the session ends for the customer and open offers are withdrawn. An agent already
 * out of the conversation (LeftChat → Completed) only changes state.
 */
export function leaveConversation(
  scene: Scene,
  agent: DemoAgent,
  state: SessionState,
  departure: Departure = {},
): AgentNotification[] {
  const { session, events } = scene;
  const participant = session.participantOf(agent);
  session.moveTo(agent, state);
  const told = [events.statusChange(session, agent, departure.requester)];
  if (!participant) return told;
  const left = depart(scene, participant);
  if (session.presentAgents().length === 0 && !departure.handover) {
    const customer = session.presentCustomer();
    if (customer) customer.present = false;
    return [...told, ...withdrawOffers(scene)];
  }
  return [
    ...told,
    ...events.newMessages(session, [left]),
    ...events.stateChange(session, 'ParticipantsUpdated'),
  ];
}

/**
 * A customer or External party leaves: the agents in the conversation get the ParticipantLeft
 * entry, then the participant list. Offers nobody in the conversation could hand over are
 * withdrawn, unless `offersOutlive` (dialect joinFailed): then they stay, and an Accept finds no
 * one to join.
 */
export function partyLeaves(
  scene: Scene,
  participant: Participant,
  offersOutlive: boolean,
): AgentNotification[] {
  const { session, events } = scene;
  const left = depart(scene, participant);
  const told = [
    ...events.newMessages(session, [left]),
    ...events.stateChange(session, 'ParticipantsUpdated'),
  ];
  const withdraws = session.agentsInConversation().length === 0 && !offersOutlive;
  return withdraws ? [...told, ...withdrawOffers(scene)] : told;
}

/** The participant is out of the conversation; their ParticipantLeft entry is returned. */
function depart(scene: Scene, participant: Participant): TranscriptEntry {
  participant.present = false;
  return scene.session.append({
    type: 'ParticipantLeft',
    from: participant,
    visibility: participant.visibility,
    timestampMs: scene.now,
  });
}
