/**
 * What happens on the contact centre's side of GWS, driven by the control API and the demo
 * scenario: routing offers a new inbound session (only to an agent Ready on sms: until then it
 * waits in routing), a customer writes, a participant leaves.
 * Session moves shared with the agents' operations live in transitions.ts.
 */
import type { WireMessage } from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import { agentByUserName, type DemoAgent } from './directory.js';
import type { AgentNotification, SessionEvents } from './events.js';
import type { WireRenderer } from './render.js';
import {
  customerParticipant,
  customerTranscript,
  SmsSessionRecord,
  type SessionStore,
} from './sessions.js';
import { stateAfterLeaving } from './state-machine.js';
import { characterCount } from './text.js';
import { deliver, leaveConversation, partyLeaves, type Scene } from './transitions.js';

/** A control request the simulator cannot carry out; `httpStatus` is its control-API answer. */
export class SimulatorControlError extends Error {
  override readonly name = 'SimulatorControlError';

  constructor(
    readonly httpStatus: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface SessionOffer {
  /** The agent routing offers the session to. */
  userName: string;
  /** Default `SmsCustomer`. */
  customerNickname?: string;
  /** The customer's first SMS; none when omitted. */
  text?: string;
}

const MAX_TEXT_LENGTH = 4_096;
const MAX_NICKNAME_LENGTH = 64;

export class ContactCentre {
  private offers = 0;
  /** Per agent, the sessions routed to them while they were not Ready on sms, oldest first. */
  private readonly waiting = new Map<DemoAgent, SmsSessionRecord[]>();

  constructor(
    private readonly store: SessionStore,
    private readonly events: SessionEvents,
    private readonly render: WireRenderer,
    private readonly publish: (notifications: AgentNotification[]) => void,
    /** Whether routing may offer the agent an SMS session now (Ready on sms). */
    private readonly readyForSms: (agent: DemoAgent) => boolean,
    /** Everyone routing can offer a session to. */
    private readonly agents: readonly DemoAgent[],
    private readonly dialect: () => GwsDialect,
  ) {}

  /**
   * A new inbound SMS session routed to an agent: offered (Invited), or accepted at once by an
   * agent with auto-answer; an agent not Ready on sms gets it once they are. Returns its id.
   */
  offerSession(offer: SessionOffer): string {
    const agent = agentByUserName(offer.userName, this.agents);
    if (!agent) throw new SimulatorControlError(400, `no agent ${JSON.stringify(offer.userName)}`);
    const nickname = offer.customerNickname ?? 'SmsCustomer';
    checkText('customerNickname', nickname, MAX_NICKNAME_LENGTH);
    if (offer.text !== undefined) checkText('text', offer.text, MAX_TEXT_LENGTH);

    this.offers += 1;
    // Beside the seed's `0000Na9B26EF…` ids, never equal to one.
    const id = `0000Na9B26F0${this.offers.toString(36).toUpperCase().padStart(4, '0')}`;
    const session = new SmsSessionRecord(id, { RStrategyName: 'SMS_Inbound', Origin: 'simulator' });
    const customer = customerParticipant(this.store.newParticipantId(), nickname);
    session.addParticipant(customer);
    const now = Date.now();
    session.append({
      type: 'ParticipantJoined',
      from: customer,
      visibility: 'All',
      timestampMs: now,
    });
    if (offer.text !== undefined) {
      session.append({
        type: 'Text',
        from: customer,
        visibility: 'All',
        text: offer.text,
        timestampMs: now,
      });
    }
    if (!this.store.add(session)) throw new SimulatorControlError(409, 'too many SMS sessions');
    if (this.readyForSms(agent)) {
      this.publish(deliver(this.scene(session), agent, { kind: 'Inbound' }));
    } else {
      this.waiting.set(agent, [...(this.waiting.get(agent) ?? []), session]);
    }
    return id;
  }

  /** The agent became Ready on sms: routing offers them the sessions that waited for them. */
  agentReadyForSms(agent: DemoAgent): void {
    const sessions = this.waiting.get(agent) ?? [];
    this.waiting.delete(agent);
    for (const session of sessions) {
      this.publish(deliver(this.scene(session), agent, { kind: 'Inbound' }));
    }
  }

  /** The session's customer sends an SMS; the agents in the conversation are notified. */
  customerWrites(sessionId: string, text: string): void {
    checkText('text', text, MAX_TEXT_LENGTH);
    const session = this.session(sessionId);
    const customer = session.presentCustomer();
    if (!customer) throw new SimulatorControlError(409, `the customer has left ${sessionId}`);
    const entry = session.append({
      type: 'Text',
      from: customer,
      visibility: 'All',
      text,
      timestampMs: Date.now(),
    });
    this.publish(this.events.newMessages(session, [entry]));
  }

  /**
   * A participant leaves: a ParticipantLeft entry, then the new participant list. An agent who
   * leaves moves to LeftChat (the session ends for the customer), or to Completed if others stay
   * in the conference, as after their own Leave. When the session was only offered, the offers
   * are withdrawn (Revoked), or stay to fail on Accept (dialect joinFailed).
   */
  participantLeaves(sessionId: string, participantId: string): void {
    const session = this.session(sessionId);
    const participant = session.participants.find(
      (candidate) => candidate.present && candidate.participantId === participantId,
    );
    if (!participant) {
      throw new SimulatorControlError(404, `no participant ${participantId} in ${sessionId}`);
    }
    const scene = this.scene(session);
    const leaver = participant.agent;
    this.publish(
      leaver
        ? leaveConversation(scene, leaver, stateAfterLeaving(session.inConference()))
        : partyLeaves(scene, participant, this.dialect().joinFailed),
    );
  }

  /** The session's customer leaves (stops the conversation from their phone). */
  customerLeaves(sessionId: string): void {
    const customer = this.session(sessionId).presentCustomer();
    if (!customer) throw new SimulatorControlError(409, `the customer has left ${sessionId}`);
    this.participantLeaves(sessionId, customer.participantId);
  }

  /** The transcript as the customer's phone shows it: messages meant for everyone only. */
  customerView(sessionId: string): WireMessage[] {
    return customerTranscript(this.session(sessionId)).map((entry) => this.render.message(entry));
  }

  /** Sessions with a customer and an agent chatting, where a customer could write now. */
  liveConversations(): SmsSessionRecord[] {
    return this.store
      .all()
      .filter((session) => session.agentsInConversation().length > 0 && session.presentCustomer());
  }

  private scene(session: SmsSessionRecord): Scene {
    return { session, store: this.store, events: this.events, now: Date.now() };
  }

  private session(sessionId: string): SmsSessionRecord {
    const session = this.store.get(sessionId);
    if (!session) throw new SimulatorControlError(404, `no SMS session ${sessionId}`);
    return session;
  }
}

function checkText(name: string, value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || value.length === 0 || characterCount(value) > maxLength) {
    throw new SimulatorControlError(
      400,
      `${name} must be a string of 1 to ${maxLength} characters`,
    );
  }
}
