/**
 * The simulated SMS sessions: participants, transcript, attached data and each agent's state.
 * Plain data plus the few mutations every operation needs; rendering to GWS JSON is in render.ts.
 */
import type { WireUserData } from '../gws/wire.js';
import type { DemoAgent } from './directory.js';
import { isInConversation, type SessionState } from './state-machine.js';

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
  readonly visibility: Visibility;
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
  readonly text?: string;
  readonly timestampMs: number;
}

/** Long-running demos keep adding messages: the oldest go (GWS indices may have gaps anyway). */
const MAX_TRANSCRIPT_ENTRIES = 500;
/** Repeated invite/leave cycles add participant records: the oldest departed ones go. */
const MAX_PARTICIPANT_RECORDS = 64;
/** Sessions injected through the control API are refused beyond this. */
const MAX_SESSIONS = 1_000;

export function customerParticipant(participantId: string, nickname: string): Participant {
  return { participantId, nickname, type: 'Customer', visibility: 'All', present: true };
}

export function agentParticipant(participantId: string, agent: DemoAgent): Participant {
  return {
    participantId,
    nickname: agent.nickname,
    type: 'Agent',
    visibility: 'All',
    agent,
    present: true,
  };
}

export class SmsSessionRecord {
  readonly participants: Participant[] = [];
  readonly transcript: TranscriptEntry[] = [];
  /** Every agent the session concerns (offered, taking part, or done with it). */
  readonly agentStates = new Map<DemoAgent, SessionState>();
  private nextIndex = 1;

  constructor(
    readonly id: string,
    readonly userData: WireUserData,
  ) {}

  stateOf(agent: DemoAgent): SessionState | undefined {
    return this.agentStates.get(agent);
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

  append(entry: Omit<TranscriptEntry, 'index'>): TranscriptEntry {
    const indexed: TranscriptEntry = { ...entry, index: this.nextIndex++ };
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
