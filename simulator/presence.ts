/**
 * The agents' presence (reference §5.3.1): the contact-centre session a desktop starts at login
 * (StartContactCenterSession, `POST /api/v2/me`) and ends at exit (EndContactCenterSession), the
 * agent states the contact centre configures (`GET /api/v2/settings/agent-states`: Ready, Not
 * Ready and its reasons, after-call work), and the agent's state per media channel
 * (`GET /api/v2/me/channels`, `POST …/channels/{channel}` with a state's operationName and reason
 * fields). Every change of a channel's state is notified on `/v2/me/channels` to all the agent's
 * CometD clients, whichever device made it. Routing offers an inbound SMS session only to an agent
 * Ready on `sms`.
 */
import type {
  AgentSessionOperationName,
  ChannelOperationName,
  WireChannel,
  WireEnvelope,
} from '../src/gws/wire.js';
import type { GwsDialect } from './dialect.js';
import type { DemoAgent } from './directory.js';
import { rejection, StatusCode } from './http-io.js';
import { characterCount } from './text.js';

/** The channel SMS sessions are routed on (reference §5.3.1: not confirmed by a page). */
export const SMS_CHANNEL_NAME = 'sms';

/** Voice and the multimedia channels GWS's StartContactCenterSession page names, plus SMS. */
const KNOWN_CHANNELS: ReadonlySet<string> = new Set([
  'voice',
  'chat',
  'email',
  'workitem',
  'im',
  SMS_CHANNEL_NAME,
]);

/** The channel client code names for channel state notifications (reference §4.2, §7.1). */
export const AGENT_CHANNELS_CHANNEL = '/v2/me/channels';

type ChannelState = 'Ready' | 'NotReady' | 'LoggedOut';

/** A state an agent can be in on a channel, as the settings describe it. */
interface AgentStateDefinition {
  readonly id: string;
  readonly displayName: string;
  readonly state: ChannelState;
  readonly operationName?: ChannelOperationName;
  /** The Not Ready reason the POST carries (as the dialect's agentStateReason spells it). */
  readonly reasonCode?: string;
  /** After-call work. */
  readonly workMode?: string;
}

const READY: AgentStateDefinition = {
  id: 'Ready',
  displayName: 'Ready',
  state: 'Ready',
  operationName: 'Ready',
};
const NOT_READY: AgentStateDefinition = {
  id: 'NotReady',
  displayName: 'Not Ready',
  state: 'NotReady',
  operationName: 'NotReady',
};
const LOGGED_OUT: AgentStateDefinition = {
  id: 'LoggedOut',
  displayName: 'Logged Out',
  state: 'LoggedOut',
};

/** The states the contact centre configures, which a desktop can set. */
const AGENT_STATES: readonly AgentStateDefinition[] = [
  READY,
  NOT_READY,
  { ...NOT_READY, id: 'NotReady-Lunch', displayName: 'Out to Lunch', reasonCode: 'Lunch' },
  { ...NOT_READY, id: 'NotReady-Training', displayName: 'Training', reasonCode: 'Training' },
  { ...NOT_READY, id: 'AfterCallWork', displayName: 'After Call Work', workMode: 'AfterCallWork' },
];

/** The key a reason travels under in the `reasons` spelling (see the dialect's agentStateReason). */
const REASON_KEY = 'ReasonCode';

/** A channel the agent logs in to starts Not Ready: the desktop says when the agent is Ready. */
const STATE_AFTER_LOGIN = NOT_READY;

const MAX_PLACE_LENGTH = 256;

type OperationParameters = Record<string, unknown>;

/** What a `POST /api/v2/me` operation did. */
export interface AgentSessionOutcome {
  readonly reply: WireEnvelope;
  /**
   * The agent's HTTP session ends with it: EndContactCenterSession "invalidates the HTTP session"
   * (the 8.5.0 Presence page).
   */
  readonly endsHttpSession: boolean;
}

/** Each `POST /api/v2/me` operation: checks its parameters, changes the agent's channels. */
const AGENT_SESSION_OPERATIONS: {
  readonly [N in AgentSessionOperationName]: (
    presence: Presence,
    agent: DemoAgent,
    parameters: OperationParameters,
    dialect: GwsDialect,
  ) => WireEnvelope;
} = {
  StartContactCenterSession: (presence, agent, parameters, dialect) => {
    const { channels, place } = parameters;
    if (channels === undefined || channels === null) {
      return rejection(StatusCode.missingParameter, 'channels is required');
    }
    const names = Array.isArray(channels) ? channels : [];
    if (names.length === 0 || !names.every((name) => typeof name === 'string')) {
      return rejection(StatusCode.invalidInput, 'channels must be a non-empty array of names');
    }
    if (
      place !== undefined &&
      (typeof place !== 'string' || characterCount(place) > MAX_PLACE_LENGTH)
    ) {
      return rejection(
        StatusCode.invalidInput,
        `place must be a string of at most ${MAX_PLACE_LENGTH} characters`,
      );
    }
    const unknown = (names as string[]).filter((name) => !KNOWN_CHANNELS.has(name));
    const known = (names as string[]).filter((name) => KNOWN_CHANNELS.has(name));
    if (known.length === 0) {
      return rejection(StatusCode.invalidInput, `No channel known among ${names.join(', ')}`);
    }
    // Any error leaves contact-center data unchanged (ReturnValues), unless the dialect plays the
    // StartContactCenterSession page's partial success, statusCode 7.
    if (unknown.length > 0 && !dialect.partialSuccess) {
      return rejection(
        StatusCode.invalidInput,
        `Unknown channels: ${unknown.join(', ')}; no channel was started`,
      );
    }
    for (const name of known) presence.logIn(agent, name);
    return unknown.length > 0
      ? rejection(StatusCode.partialSuccess, `Unknown channels: ${unknown.join(', ')}`)
      : { statusCode: StatusCode.ok };
  },
  EndContactCenterSession: (presence, agent) => {
    presence.logOutOfAll(agent);
    return { statusCode: StatusCode.ok };
  },
};

const ENDS_HTTP_SESSION: ReadonlySet<AgentSessionOperationName> = new Set([
  'EndContactCenterSession',
]);

const CHANNEL_OPERATION_NAMES: ReadonlySet<string> = new Set<ChannelOperationName>([
  'Ready',
  'NotReady',
]);

export class Presence {
  /** Per agent, the channels they have logged in to and their state; logged-out ones stay listed. */
  private readonly channels = new Map<DemoAgent, Map<string, AgentStateDefinition>>();

  /**
   * @param agents everyone who can sign in: they start logged in to sms and Ready, so routed
   *   sessions reach them at once.
   * @param becameReady told when an agent becomes Ready on a channel.
   * @param notify publishes a notification to the agent's clients on AGENT_CHANNELS_CHANNEL.
   */
  constructor(
    agents: readonly DemoAgent[],
    private readonly becameReady: (agent: DemoAgent, channel: string) => void,
    private readonly dialect: () => GwsDialect,
    private readonly notify: (agent: DemoAgent, data: Record<string, unknown>) => void,
  ) {
    for (const agent of agents) {
      this.channels.set(agent, new Map([[SMS_CHANNEL_NAME, READY]]));
    }
  }

  isReady(agent: DemoAgent, channel: string): boolean {
    return this.channelsOf(agent).get(channel)?.state === 'Ready';
  }

  /** `GET /api/v2/me/channels?fields=*`'s `channels`. */
  list(agent: DemoAgent): WireChannel[] {
    return [...this.channelsOf(agent)].map(([channel, state]) => wireChannel(channel, state));
  }

  /** `GET /api/v2/settings/agent-states`'s `settings`, as the dialect spells them. */
  agentStateSettings(): Record<string, unknown>[] {
    const { agentStateKey, agentStateReason } = this.dialect();
    return AGENT_STATES.map((definition) => ({
      [agentStateKey]: definition.id,
      displayName: definition.displayName,
      state: definition.state,
      operationName: definition.operationName,
      ...reasonFields(definition.reasonCode, agentStateReason),
      ...(definition.workMode === undefined ? {} : { workMode: definition.workMode }),
    }));
  }

  /** `POST /api/v2/me` with a parsed JSON body. */
  runAgentOperation(agent: DemoAgent, body: unknown): AgentSessionOutcome {
    const refused = (reply: WireEnvelope) => ({ reply, endsHttpSession: false });
    const parameters = objectBody(body);
    if (!parameters) return refused(notAnObject());
    const { operationName } = parameters;
    if (operationName === undefined || operationName === null || operationName === '') {
      return refused(rejection(StatusCode.missingParameter, 'operationName is required'));
    }
    if (
      typeof operationName !== 'string' ||
      !Object.hasOwn(AGENT_SESSION_OPERATIONS, operationName)
    ) {
      return refused(unsupported(operationName));
    }
    const name = operationName as AgentSessionOperationName;
    const reply = AGENT_SESSION_OPERATIONS[name](this, agent, parameters, this.dialect());
    return {
      reply,
      endsHttpSession: reply.statusCode === StatusCode.ok && ENDS_HTTP_SESSION.has(name),
    };
  }

  /** `POST /api/v2/me/channels/{channel}` with a parsed JSON body. */
  runChannelOperation(agent: DemoAgent, channel: string, body: unknown): WireEnvelope {
    const parameters = objectBody(body);
    if (!parameters) return notAnObject();
    const { operationName } = parameters;
    if (typeof operationName !== 'string' || !CHANNEL_OPERATION_NAMES.has(operationName)) {
      return unsupported(operationName);
    }
    if (!KNOWN_CHANNELS.has(channel))
      return rejection(StatusCode.notFound, `No channel ${channel}`);
    const current = this.channelsOf(agent).get(channel);
    if (current === undefined || current.state === 'LoggedOut') {
      return rejection(StatusCode.invalidForState, `The agent is not logged in to ${channel}`);
    }
    const next = agentStateOf(operationName, parameters, this.dialect().agentStateReason);
    if (!next) {
      return rejection(
        StatusCode.invalidInput,
        `No agent state ${operationName} with these reason fields`,
      );
    }
    this.change(agent, [[channel, next]]);
    if (next.state === 'Ready' && current.state !== 'Ready') this.becameReady(agent, channel);
    return { statusCode: StatusCode.ok };
  }

  logIn(agent: DemoAgent, channel: string): void {
    const current = this.channelsOf(agent).get(channel);
    if (current === undefined || current.state === 'LoggedOut') {
      this.change(agent, [[channel, STATE_AFTER_LOGIN]]);
    }
  }

  logOutOfAll(agent: DemoAgent): void {
    this.change(
      agent,
      [...this.channelsOf(agent).keys()].map((channel) => [channel, LOGGED_OUT] as const),
    );
  }

  /** Sets the channels' states and notifies those that changed. */
  private change(
    agent: DemoAgent,
    changes: readonly (readonly [string, AgentStateDefinition])[],
  ): void {
    const channels = this.channelsOf(agent);
    const changed: string[] = [];
    for (const [channel, state] of changes) {
      if (channels.get(channel) === state) continue;
      channels.set(channel, state);
      changed.push(channel);
    }
    if (changed.length === 0) return;
    const { channelNotificationScope, channelMessageType } = this.dialect();
    const listed = channelNotificationScope === 'all' ? [...channels.keys()] : changed;
    this.notify(agent, {
      ...(channelMessageType === 'none' ? {} : { messageType: channelMessageType }),
      channels: listed.map((channel) => wireChannel(channel, channels.get(channel) ?? LOGGED_OUT)),
    });
  }

  private channelsOf(agent: DemoAgent): Map<string, AgentStateDefinition> {
    let channels = this.channels.get(agent);
    if (!channels) {
      channels = new Map();
      this.channels.set(agent, channels);
    }
    return channels;
  }
}

function wireChannel(
  channel: string,
  { id, displayName, state }: AgentStateDefinition,
): WireChannel {
  return { channel, userState: { id, displayName, state } };
}

function reasonFields(
  reasonCode: string | undefined,
  spelling: GwsDialect['agentStateReason'],
): Record<string, unknown> {
  if (reasonCode === undefined) return {};
  return spelling === 'reasonCode' ? { reasonCode } : { reasons: { [REASON_KEY]: reasonCode } };
}

/**
 * The configured state a channel POST names: its operationName with exactly the reason fields of
 * one setting, as the dialect spells them; undefined for a reason no setting has.
 */
function agentStateOf(
  operationName: string,
  parameters: OperationParameters,
  spelling: GwsDialect['agentStateReason'],
): AgentStateDefinition | undefined {
  const reasons = objectBody(parameters.reasons);
  const reasonCode = spelling === 'reasonCode' ? parameters.reasonCode : reasons?.[REASON_KEY];
  const { workMode } = parameters;
  return AGENT_STATES.find(
    (definition) =>
      definition.operationName === operationName &&
      definition.reasonCode === reasonCode &&
      definition.workMode === workMode,
  );
}

function objectBody(body: unknown): OperationParameters | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as OperationParameters)
    : undefined;
}

function notAnObject(): WireEnvelope {
  return rejection(StatusCode.invalidInput, 'The request body must be a JSON object');
}

function unsupported(operationName: unknown): WireEnvelope {
  return rejection(
    StatusCode.invalidInput,
    `Unsupported operationName ${JSON.stringify(operationName)}`,
  );
}
