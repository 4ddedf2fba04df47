/**
 * The simulated SMS sessions: participants, transcript, attached data and each agent's state.
 * Plain data plus the few mutations every operation needs; rendering to GWS JSON is in render.ts.
 */
import type { WireUserData } from '../src/gws/wire.js';
import { MAX_LOAD_AGENTS, type DemoAgent } from './directory.js';
import type { Requester } from './events.js';
import {
  isInConversation,
  STATE_WHEN_OFFERED,
  type SessionState,
  type Situation,
} from './state-machine.js';

export type ParticipantType = 'Agent' | 'Customer' | 'External';

/** All: everyone, the customer included. Agents: agents only (GWS's name for Chat Server's INT). */
export type Visibility = 'All' | 'Agents';

export type MessageType =
  | 'Text'
  | 'ParticipantJoined'
  | 'ParticipantLeft'
  | 'ParticipantRejoined'
  | 'TypingStarted'
  | 'TypingStopped'
  | 'PushUrl'
  | 'Notice'
  | 'CustomNotice';

export interface Participant {
  readonly participantId: string;
  readonly nickname: string;
  readonly type: ParticipantType;
  /** Agents for a consultant, until they are conferenced in or take a transfer. */
  visibility: Visibility;
  /** The agent behind an Agent participant. */
  readonly agent?: DemoAgent;
  /** False once they have left; the record stays because transcript entries name it. */
  present: boolean;
}

export interface TranscriptEntry {
  readonly index: number;
  readonly type: MessageType;
  readonly from: Participant;
  readonly visibility: Visibility;
  /** Text, Notice and TypingStarted entries. */
  readonly text?: string;
  /** PushUrl entries. */
  readonly url?: string;
  /** CustomNotice entries. */
  readonly noticeText?: string;
  readonly timestampMs: number;
}

/** How routing brought an agent an offer of the session; Consult offers join as consultants. */
export type OfferKind = 'Inbound' | 'Invite' | 'Consult' | 'Transfer';

export interface Offer {
  readonly kind: OfferKind;
  /** The agent whose request made the offer: they hear how it ends, with its referenceId. */
  readonly requester?: Requester;
}

/** Long-running demos keep adding messages: the oldest go (GWS indices may have gaps anyway). */
const MAX_TRANSCRIPT_ENTRIES = 500;
/** Repeated invite/leave cycles add participant records: the oldest departed ones go. */
const MAX_PARTICIPANT_RECORDS = 64;
/** Sessions injected through the control API are refused beyond this: room for one per load agent. */
const MAX_SESSIONS = 1_000 + MAX_LOAD_AGENTS;

export function customerParticipant(participantId: string, nickname: string): Participant {
  return { participantId, nickname, type: 'Customer', visibility: 'All', present: true };
}

/** @param nickname the name the agent chose on Accept; by default their directory nickname. */
export function agentParticipant(
  participantId: string,
  agent: DemoAgent,
  visibility: Visibility = 'All',
  nickname = agent.nickname,
): Participant {
  return { participantId, nickname, type: 'Agent', visibility, agent, present: true };
}

export class SmsSessionRecord {
  readonly participants: Participant[] = [];
  readonly transcript: TranscriptEntry[] = [];
  /** Every agent the session concerns (offered, taking part, or done with it). */
  readonly agentStates = new Map<DemoAgent, SessionState>();
  /** The open offers, one per agent in state Invited. */
  readonly offers = new Map<DemoAgent, Offer>();
  private nextIndex = 1;

  constructor(
    readonly id: string,
    readonly userData: WireUserData,
  ) {}

  stateOf(agent: DemoAgent): SessionState | undefined {
    return this.agentStates.get(agent);
  }

  /** Offers the session to the agent (Invited) until they answer or the offer is withdrawn. */
  offer(agent: DemoAgent, offer: Offer): void {
    this.agentStates.set(agent, STATE_WHEN_OFFERED);
    this.offers.set(agent, offer);
  }

  /** Moves the agent to a state other than Invited, which settles any offer to them. */
  moveTo(agent: DemoAgent, state: SessionState): void {
    this.agentStates.set(agent, state);
    this.offers.delete(agent);
  }

  /** The agent's participant record while they are in the conversation. */
  participantOf(agent: DemoAgent): Participant | undefined {
    return this.participants.find(
      (participant) => participant.present && participant.agent === agent,
    );
  }

  /** What the state machine needs to know to accept or refuse the agent's operations. */
  situationOf(agent: DemoAgent): Situation {
    return {
      state: this.stateOf(agent) ?? 'Completed',
      inConference: this.inConference(),
      consulting: this.consultants().length > 0 || this.pendingOffers('Consult').length > 0,
      visibleToAll: this.participantOf(agent)?.visibility !== 'Agents',
    };
  }

  /** The agents offered the session (of this kind), in the order the offers were made. */
  pendingOffers(kind?: OfferKind): DemoAgent[] {
    return [...this.offers]
      .filter(([, offer]) => kind === undefined || offer.kind === kind)
      .map(([agent]) => agent);
  }

  /** Consultants in the conversation: agents the customer does not see. */
  consultants(): Participant[] {
    return this.participants.filter(
      (participant) =>
        participant.present && participant.agent && participant.visibility === 'Agents',
    );
  }

  /** Agent participants currently in the conversation. */
  presentAgents(): DemoAgent[] {
    const agents: DemoAgent[] = [];
    for (const participant of this.participants) {
      if (participant.present && participant.agent) agents.push(participant.agent);
    }
    return agents;
  }

  /** Agents whose desktops follow the conversation live (they get its notifications). */
  agentsInConversation(): DemoAgent[] {
    return [...this.agentStates]
      .filter(([, state]) => isInConversation(state))
      .map(([agent]) => agent);
  }

  /** The customer, while they are still in the session. */
  presentCustomer(): Participant | undefined {
    return this.participants.find(
      (participant) => participant.present && participant.type === 'Customer',
    );
  }

  /** The conversation is over: the customer has gone and no agent is in it. */
  hasEnded(): boolean {
    return !this.presentCustomer() && this.agentsInConversation().length === 0;
  }

  inConference(): boolean {
    return this.presentAgents().length > 1;
  }

  addParticipant(participant: Participant): void {
    this.participants.push(participant);
    if (this.participants.length > MAX_PARTICIPANT_RECORDS) {
      const departed = this.participants.findIndex((candidate) => !candidate.present);
      if (departed >= 0) this.participants.splice(departed, 1);
    }
  }

  /**
   * @param kept false: the entry takes the next index and is notified, but the transcript does
   *   not keep it (typing in the dialect's transcriptGaps), which leaves a gap in its indices.
   */
  append(entry: Omit<TranscriptEntry, 'index'>, kept = true): TranscriptEntry {
    const indexed: TranscriptEntry = { ...entry, index: this.nextIndex++ };
    if (!kept) return indexed;
    this.transcript.push(indexed);
    if (this.transcript.length > MAX_TRANSCRIPT_ENTRIES) this.transcript.shift();
    return indexed;
  }
}

export class SessionStore {
  private readonly sessions = new Map<string, SmsSessionRecord>();
  private participantCounter = 0;

  /** @returns false when the store is full. */
  add(session: SmsSessionRecord): boolean {
    if (this.sessions.size >= MAX_SESSIONS) return false;
    this.sessions.set(session.id, session);
    return true;
  }

  get(id: string): SmsSessionRecord | undefined {
    return this.sessions.get(id);
  }

  all(): SmsSessionRecord[] {
    return [...this.sessions.values()];
  }

  /** The session if it exists and concerns this agent; GWS hides other agents' sessions. */
  findFor(agent: DemoAgent, id: string): SmsSessionRecord | undefined {
    const session = this.sessions.get(id);
    return session?.agentStates.has(agent) ? session : undefined;
  }

  listFor(agent: DemoAgent): SmsSessionRecord[] {
    return [...this.sessions.values()].filter((session) => session.agentStates.has(agent));
  }

  /** A Chat-Server-style party id: 16 upper-case hex digits, like the samples' `009052CB05CA00EB`. */
  newParticipantId(): string {
    this.participantCounter += 1;
    return `009052CB${this.participantCounter.toString(16).toUpperCase().padStart(8, '0')}`;
  }
}

/** What an agent's desktop shows: every entry (agents see All and Agents visibility). */
export function agentTranscript(session: SmsSessionRecord): readonly TranscriptEntry[] {
  return session.transcript;
}

/** What the customer's phone shows: only entries meant for everyone. */
export function customerTranscript(session: SmsSessionRecord): readonly TranscriptEntry[] {
  return session.transcript.filter((entry) => entry.visibility === 'All');
}
