/**
 * The CometD notifications a change to a session causes, built per agent: each agent sees the
 * session with their own state and capabilities (reference §2.4). Agents in the conversation hear
 * of every change; the agents whose requests caused it hear of it too, with their referenceId.
 */
import type {
  WireSmsMessageLogNotification,
  WireSmsNotification,
  WireSmsSession,
  WireSmsStateChangeNotification,
} from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import type { DemoAgent } from './directory.js';
import type { HttpSession } from './http-sessions.js';
import type { WireRenderer } from './render.js';
import { agentTranscript, type SmsSessionRecord, type TranscriptEntry } from './sessions.js';

/** An Error exactly as the CancelConsult page shows it: no messageType, no session (`bare`). */
export interface BareErrorNotification {
  notificationType: 'Error';
  errorMessage: string;
  referenceId: number;
}

export type SmsNotificationData = WireSmsNotification | BareErrorNotification;

/** One notification for one agent, delivered on that agent's CometD clients only. */
export interface AgentNotification {
  readonly agent: DemoAgent;
  readonly data: SmsNotificationData;
  /**
   * The HTTP session whose request caused this notification for its agent (it carries that
   * request's referenceId, or is its Error); absent when nobody's request caused it for them.
   */
  readonly requestedIn?: HttpSession;
}

/**
 * The agent whose request caused an event. Only they get its referenceId: the number counts
 * that agent's own HTTP-session requests and would mean something else to anyone else.
 */
export interface Requester {
  readonly agent: DemoAgent;
  readonly referenceId: number;
  /** The HTTP session that sent the request. */
  readonly httpSession: HttpSession;
}

export type StateChangeType = 'StatusChange' | 'ParticipantsUpdated' | 'PropertiesUpdated';

/**
 * Some operation pages spell the session keys with one "s" (`smsession`, `smsessionUri`,
 * `smsessionPath`); the simulator reproduces that on those operations' notifications, so clients
 * meet the quirk (reference §6.9).
 */
export type Spelling = 'smssession' | 'smsession';

export interface NewMessagesOptions {
  /** An agent who has just joined: they get the whole transcript, as after Accept. */
  readonly joining?: DemoAgent;
  readonly spelling?: Spelling;
}

export class SessionEvents {
  constructor(
    private readonly render: WireRenderer,
    private readonly dialect: () => GwsDialect,
  ) {}

  /**
   * `SMSsessionStateChangeMessage` to every agent in the conversation and every requester.
   * @param requesters the agents whose requests caused the change (for an accepted offer, both
   *   the agent who accepted and the one who asked for the offer).
   */
  stateChange(
    session: SmsSessionRecord,
    notificationType: StateChangeType,
    requesters: readonly Requester[] = [],
    spelling: Spelling = 'smssession',
  ): AgentNotification[] {
    return recipients(session, requesters).map((agent) => {
      const requester = requesterAmong(agent, requesters);
      return caused(requester, {
        agent,
        data: {
          messageType: 'SMSsessionStateChangeMessage',
          notificationType,
          ...referenceIdOf(requester),
          ...sessionKey(spelling, this.render.session(session, agent)),
        },
      });
    });
  }

  /**
   * `StatusChange` to one agent: their own state moved. The others learn of it, if at all, from
   * the participant list (ParticipantsUpdated).
   */
  statusChange(
    session: SmsSessionRecord,
    agent: DemoAgent,
    requester?: Requester,
  ): AgentNotification {
    const cause = requester?.agent === agent ? requester : undefined;
    return caused(cause, {
      agent,
      data: {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'StatusChange',
        ...referenceIdOf(cause),
        smssession: this.render.session(session, agent),
      },
    });
  }

  /** `MessageLogUpdated` / `NewMessages` to every agent in the conversation and every requester. */
  newMessages(
    session: SmsSessionRecord,
    entries: readonly TranscriptEntry[],
    requesters: readonly Requester[] = [],
    options: NewMessagesOptions = {},
  ): AgentNotification[] {
    const { joining, spelling = 'smssession' } = options;
    return recipients(session, requesters).map((agent) => {
      const requester = requesterAmong(agent, requesters);
      return caused(requester, {
        agent,
        data: {
          messageType: 'MessageLogUpdated',
          notificationType: 'NewMessages',
          ...referenceIdOf(requester),
          messages: (agent === joining ? agentTranscript(session) : entries).map((entry) =>
            this.render.message(entry),
          ),
          ...sessionAddressKeys(
            spelling,
            this.render.sessionUri(session),
            this.render.sessionPath(session),
          ),
        },
      });
    });
  }

  /** The asynchronous failure of an accepted request, to the requester only, in the dialect's shape. */
  error(session: SmsSessionRecord, requester: Requester, errorMessage: string): AgentNotification {
    const { referenceId } = requester;
    const data: SmsNotificationData =
      this.dialect().errorShape === 'bare'
        ? { notificationType: 'Error', errorMessage, referenceId }
        : {
            messageType: 'SMSsessionStateChangeMessage',
            notificationType: 'Error',
            errorMessage,
            referenceId,
            smssession: this.render.session(session, requester.agent),
          };
    return caused(requester, { agent: requester.agent, data });
  }
}

function recipients(session: SmsSessionRecord, requesters: readonly Requester[]): DemoAgent[] {
  const agents = session.agentsInConversation();
  for (const { agent } of requesters) if (!agents.includes(agent)) agents.push(agent);
  return agents;
}

function sessionKey(
  spelling: Spelling,
  session: WireSmsSession,
): Pick<WireSmsStateChangeNotification, 'smssession' | 'smsession'> {
  return spelling === 'smsession' ? { smsession: session } : { smssession: session };
}

function sessionAddressKeys(
  spelling: Spelling,
  uri: string,
  path: string,
): Pick<
  WireSmsMessageLogNotification,
  'smssessionUri' | 'smssessionPath' | 'smsessionUri' | 'smsessionPath'
> {
  return spelling === 'smsession'
    ? { smsessionUri: uri, smsessionPath: path }
    : { smssessionUri: uri, smssessionPath: path };
}

/** The request, among those behind a change, that the agent made; undefined if none. */
function requesterAmong(agent: DemoAgent, requesters: readonly Requester[]): Requester | undefined {
  return requesters.find((candidate) => candidate.agent === agent);
}

function referenceIdOf(requester: Requester | undefined): { referenceId?: number } {
  return requester ? { referenceId: requester.referenceId } : {};
}

/** The notification, marked as caused by the request when there is one. */
function caused(
  requester: Requester | undefined,
  notification: AgentNotification,
): AgentNotification {
  return requester ? { ...notification, requestedIn: requester.httpSession } : notification;
}
