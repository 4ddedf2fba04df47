/**
 * The CometD notifications a change to a session causes, built per agent: each agent sees the
 * session with their own state and capabilities (reference §2.4).
 */
import type { WireSmsNotification } from '../gws/wire.js';
import type { DemoAgent } from './directory.js';
import type { WireRenderer } from './render.js';
import { agentTranscript, type SmsSessionRecord, type TranscriptEntry } from './sessions.js';

/** One notification for one agent, delivered on that agent's CometD clients only. */
export interface AgentNotification {
  readonly agent: DemoAgent;
  readonly data: WireSmsNotification;
}

/**
 * The agent whose request caused an event. Only they get its referenceId: the number counts
 * that agent's own HTTP-session requests and would mean something else to anyone else.
 */
export interface Requester {
  readonly agent: DemoAgent;
  readonly referenceId: number;
}

export type StateChangeType = 'StatusChange' | 'ParticipantsUpdated' | 'PropertiesUpdated';

/**
 * Who hears of a change besides the agents in the conversation: the requester (with their
 * referenceId) and agents the change concerns although they are not chatting (offered, leaving).
 */
export interface Audience {
  readonly requester?: Requester;
  readonly alsoTo?: readonly DemoAgent[];
}

export class SessionEvents {
  constructor(private readonly render: WireRenderer) {}

  /** `SMSsessionStateChangeMessage` to every agent in the conversation and the audience. */
  stateChange(
    session: SmsSessionRecord,
    notificationType: StateChangeType,
    audience: Audience = {},
  ): AgentNotification[] {
    const { requester } = audience;
    return recipients(session, audience).map((agent) => ({
      agent,
      data: {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType,
        ...referenceIdFor(agent, requester),
        smssession: this.render.session(session, agent),
      },
    }));
  }

  /**
   * `MessageLogUpdated` / `NewMessages` to every agent in the conversation and the audience.
   * @param joining an agent who has just joined: they get the whole transcript, as after Accept.
   */
  newMessages(
    session: SmsSessionRecord,
    entries: readonly TranscriptEntry[],
    audience: Audience = {},
    joining?: DemoAgent,
  ): AgentNotification[] {
    const { requester } = audience;
    return recipients(session, audience).map((agent) => ({
      agent,
      data: {
        messageType: 'MessageLogUpdated',
        notificationType: 'NewMessages',
        ...referenceIdFor(agent, requester),
        messages: (agent === joining ? agentTranscript(session) : entries).map((entry) =>
          this.render.message(entry),
        ),
        smssessionUri: this.render.sessionUri(session),
        smssessionPath: this.render.sessionPath(session),
      },
    }));
  }

  /** The asynchronous failure of an accepted request: to the requester only. */
  error(session: SmsSessionRecord, requester: Requester, errorMessage: string): AgentNotification {
    return {
      agent: requester.agent,
      data: {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'Error',
        errorMessage,
        referenceId: requester.referenceId,
        smssession: this.render.session(session, requester.agent),
      },
    };
  }
}

function recipients(session: SmsSessionRecord, audience: Audience): DemoAgent[] {
  const agents = session.agentsInConversation();
  const others = [
    ...(audience.requester ? [audience.requester.agent] : []),
    ...(audience.alsoTo ?? []),
  ];
  for (const agent of others) if (!agents.includes(agent)) agents.push(agent);
  return agents;
}

function referenceIdFor(agent: DemoAgent, requester?: Requester): { referenceId?: number } {
  return requester?.agent === agent ? { referenceId: requester.referenceId } : {};
}
