/**
 * The agents' presence (reference §5.3.1): the contact-centre session a desktop starts at login
 * (StartContactCenterSession, `POST /api/v2/me`) and ends at exit (EndContactCenterSession), and
 * the agent's state per media channel (`GET /api/v2/me/channels`, `POST …/channels/{channel}`
 * Ready or NotReady). Routing offers an inbound SMS session only to an agent Ready on `sms`.
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

type ChannelState = 'Ready' | 'NotReady' | 'LoggedOut';

const DISPLAY_NAMES: Readonly<Record<ChannelState, string>> = {
  Ready: 'Ready',
  NotReady: 'Not Ready',
  LoggedOut: 'Logged Out',
};

/** A channel the agent logs in to starts Not Ready: the desktop says when the agent is Ready. */
const STATE_AFTER_LOGIN: ChannelState = 'NotReady';

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

/** The state each `POST /api/v2/me/channels/{channel}` operation sets. */
const CHANNEL_OPERATIONS: { readonly [N in ChannelOperationName]: ChannelState } = {
  Ready: 'Ready',
  NotReady: 'NotReady',
};

export class Presence {
  /** Per agent, the channels they have logged in to and their state; logged-out ones stay listed. */
  private readonly channels = new Map<DemoAgent, Map<string, ChannelState>>();

  /**
   * @param agents everyone who can sign in: they start logged in to sms and Ready, so routed
   *   sessions reach them at once.
   * @param becameReady told when an agent becomes Ready on a channel.
   */
  constructor(
    agents: readonly DemoAgent[],
    private readonly becameReady: (agent: DemoAgent, channel: string) => void,
    private readonly dialect: () => GwsDialect,
  ) {
    for (const agent of agents) {
      this.channels.set(agent, new Map([[SMS_CHANNEL_NAME, 'Ready']]));
    }
  }

  isReady(agent: DemoAgent, channel: string): boolean {
    return this.channelsOf(agent).get(channel) === 'Ready';
  }

  /** `GET /api/v2/me/channels?fields=*`'s `channels`. */
  list(agent: DemoAgent): WireChannel[] {
    return [...this.channelsOf(agent)].map(([channel, state]) => wireChannel(channel, state));
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
    if (typeof operationName !== 'string' || !Object.hasOwn(CHANNEL_OPERATIONS, operationName)) {
      return unsupported(operationName);
    }
    if (!KNOWN_CHANNELS.has(channel))
      return rejection(StatusCode.notFound, `No channel ${channel}`);
    const current = this.channelsOf(agent).get(channel);
    if (current === undefined || current === 'LoggedOut') {
      return rejection(StatusCode.invalidForState, `The agent is not logged in to ${channel}`);
    }
    const state = CHANNEL_OPERATIONS[operationName as ChannelOperationName];
    this.channelsOf(agent).set(channel, state);
    if (state === 'Ready' && current !== 'Ready') this.becameReady(agent, channel);
    return { statusCode: StatusCode.ok };
  }

  logIn(agent: DemoAgent, channel: string): void {
    const channels = this.channelsOf(agent);
    const current = channels.get(channel);
    if (current === undefined || current === 'LoggedOut') channels.set(channel, STATE_AFTER_LOGIN);
  }

  logOutOfAll(agent: DemoAgent): void {
    const channels = this.channelsOf(agent);
    for (const channel of channels.keys()) channels.set(channel, 'LoggedOut');
  }

  private channelsOf(agent: DemoAgent): Map<string, ChannelState> {
    let channels = this.channels.get(agent);
    if (!channels) {
      channels = new Map();
      this.channels.set(agent, channels);
    }
    return channels;
  }
}

function wireChannel(channel: string, state: ChannelState): WireChannel {
  return { channel, userState: { id: state, displayName: DISPLAY_NAMES[state], state } };
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
