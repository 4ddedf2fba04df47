import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { SmsOperationOutcome } from '../generated/graphql.js';
import type { AgentSession, WireSmsSession } from '../gws/index.js';
import { ExecutionBudget, type ExecutionBudgetLimits } from './budget.js';
import type { LoggedAgentChannelEvent, LoggedSmsSessionEvent } from './events.js';
import { OperationDirectory, type DirectoryCache } from './directory.js';
import type { WireMapper } from './model.js';
import type { AgentEventWatch } from './outcomes.js';

export interface OutcomeSettings {
  /** How long an awaited outcome is waited for when the mutation does not say. */
  defaultTimeoutMs: number;
  /** The longest timeoutMs a mutation may ask for. */
  maxTimeoutMs: number;
  /** How long silence confirms an operation that GWS confirms with silence. */
  quietWindowMs: number;
}

/** Which of the agent's session events a subscription receives. */
export interface SessionEventsFilter {
  /** Only this session's; all of the agent's when undefined. */
  sessionId: string | undefined;
  /** Resume after this cursor; live events only when undefined. */
  after: string | undefined;
}

/** The agent's requests to GWS that resolvers make, each counted against the execution's budget. */
export type AgentCalls = Pick<
  AgentSession,
  | 'me'
  | 'listSmsSessions'
  | 'getSmsSession'
  | 'getSmsMessages'
  | 'postSmsOperation'
  | 'listChannels'
  | 'listAgentStates'
  | 'postAgentOperation'
  | 'postChannelOperation'
  | 'listContacts'
  | 'getContact'
  | 'getUser'
  | 'listQueues'
>;

/** Who asks: the request's credential and where the request comes from. */
export interface Caller {
  /** The `Authorization` value the client sent, as sent. */
  authorization: string | undefined;
  /** The client's address, as an opaque key: sign-ins and anonymous requests are counted by it. */
  origin: string;
}

/** What an operation's log line says about whom it ran for and what it cost upstream. */
export interface OperationAccount {
  /** The agent's key (a keyed hash of its credential), once the operation used its session. */
  agent: string | undefined;
  /** Requests to GWS charged to the execution. */
  upstreamCalls: number;
}

/** What every resolver of one GraphQL operation shares. */
export interface Context {
  /** The caller's agent session with GWS. @throws GwsError `unauthenticated` without credentials. */
  agent(): AgentCalls;
  /**
   * Aborted when the client goes away (its HTTP request or WebSocket closes, or it completes the
   * operation): every upstream call and awaited outcome of the operation takes it.
   */
  signal: AbortSignal;
  /** The agent's sessions, read once per operation. */
  smsSessionList(): Promise<WireSmsSession[]>;
  /**
   * One upstream GET per session id within one operation; none for a session that the operation's
   * `smsSessions` list holds, even while that list is still being read.
   */
  smsSessionLoader: DataLoader<string, WireSmsSession | null>;
  /** What this execution may still spend on GWS requests and response size. */
  budget: ExecutionBudget;
  /** The directory (contacts, users, queues) as this operation reads it. */
  directory: OperationDirectory;
  mapper: WireMapper;
  logger: Logger;
  /** The agent's session events; present only on a streaming transport, which carries them. */
  sessionEvents?: (filter: SessionEventsFilter) => AsyncIterableIterator<LoggedSmsSessionEvent>;
  /** The agent's channel state changes; present only on a streaming transport. */
  channelEvents?: () => AsyncIterableIterator<LoggedAgentChannelEvent>;
  /** All of the agent's events from now on, to learn an operation's outcome. */
  watchAgentEvents(): AgentEventWatch;
  outcomeSettings: OutcomeSettings;
  /** Told how each awaited outcome ended, e.g. for metrics. */
  onOutcome(outcome: SmsOperationOutcome): void;
  /** Whom the operation ran for and what it cost upstream, so far. */
  account(): OperationAccount;
}

/** What contexts are made of, shared by every operation of the process. */
export interface ContextDependencies {
  /** The caller's agent session with GWS. @throws GwsError `unauthenticated` without credentials. */
  agentSession(caller: Caller): AgentSession;
  mapper: WireMapper;
  logger: Logger;
  watchAgentEvents(agent: AgentSession): AgentEventWatch;
  outcomeSettings: OutcomeSettings;
  budgetLimits: ExecutionBudgetLimits;
  onOutcome(outcome: SmsOperationOutcome): void;
  /** What GWS's directory answered each agent lately. */
  directoryCache: DirectoryCache;
}

/** The agent's live events, which only a streaming transport carries. */
export type EventStreams = Required<Pick<Context, 'sessionEvents' | 'channelEvents'>>;

/** A context for one operation of the caller. */
export function createContext(
  dependencies: ContextDependencies,
  caller: Caller,
  signal: AbortSignal,
  streams?: EventStreams,
): Context {
  return new OperationContext(dependencies, caller, signal, streams);
}

/**
 * One operation's context, its methods on its class rather than closures of its own: a gateway
 * makes one per request, and a subscription's lives as long as the subscription.
 */
class OperationContext implements Context {
  readonly budget: ExecutionBudget;
  readonly mapper: WireMapper;
  readonly logger: Logger;
  readonly outcomeSettings: OutcomeSettings;
  /** The agent's sessions as listed once in this operation, read or being read. */
  private list: Promise<WireSmsSession[]> | undefined = undefined;
  /** Made at the first single-session read. */
  private loader: DataLoader<string, WireSmsSession | null> | undefined = undefined;
  /** Made at the first directory read. */
  private operationDirectory: OperationDirectory | undefined = undefined;

  readonly sessionEvents: Context['sessionEvents'];
  readonly channelEvents: Context['channelEvents'];
  /** Known once the operation uses the agent's session: an operation that never does names none. */
  private agentKey: string | undefined = undefined;

  constructor(
    private readonly dependencies: ContextDependencies,
    private readonly caller: Caller,
    readonly signal: AbortSignal,
    streams: EventStreams | undefined,
  ) {
    this.sessionEvents = streams?.sessionEvents;
    this.channelEvents = streams?.channelEvents;
    this.budget = new ExecutionBudget(dependencies.budgetLimits);
    this.mapper = dependencies.mapper;
    this.logger = dependencies.logger;
    this.outcomeSettings = dependencies.outcomeSettings;
  }

  agent(): AgentCalls {
    return budgeted(this.session(), this.budget);
  }

  smsSessionList(): Promise<WireSmsSession[]> {
    return (this.list ??= this.agent().listSmsSessions({ signal: this.signal }));
  }

  get smsSessionLoader(): DataLoader<string, WireSmsSession | null> {
    return (this.loader ??= new DataLoader((ids) => this.readSessions(ids)));
  }

  get directory(): OperationDirectory {
    return (this.operationDirectory ??= new OperationDirectory(
      () => this.agent(),
      () => this.session().key,
      this.dependencies.directoryCache,
      this.signal,
    ));
  }

  watchAgentEvents(): AgentEventWatch {
    return this.dependencies.watchAgentEvents(this.session());
  }

  onOutcome(outcome: SmsOperationOutcome): void {
    this.dependencies.onOutcome(outcome);
  }

  account(): OperationAccount {
    return { agent: this.agentKey, upstreamCalls: this.budget.upstreamCallsCharged };
  }

  private session(): AgentSession {
    const session = this.dependencies.agentSession(this.caller);
    this.agentKey = session.key;
    return session;
  }

  /** The loader's batch: one upstream GET per id the operation's session list does not hold. */
  private async readSessions(ids: readonly string[]): Promise<(WireSmsSession | null)[]> {
    const { signal } = this;
    if (!this.session().readsSessionsSingly) {
      // A GWS that serves no single-session GET: one read of the list answers every id.
      const listed = await this.smsSessionList();
      return ids.map((id) => listed.find((listedSession) => listedSession.id === id) ?? null);
    }
    const listed = this.list ? await this.list.catch(() => []) : [];
    const found = ids.map((id) => listed.find((listedSession) => listedSession.id === id));
    this.budget.chargeUpstreamCalls(found.filter((known) => !known).length);
    return Promise.all(
      ids.map((id, i) => found[i] ?? this.session().getSmsSession(id, { signal })),
    );
  }
}

/**
 * The session's requests, each charged to the budget before it is sent. The agent's identity
 * (`me`) is not charged: it is read once per upstream session, not per operation.
 */
function budgeted(session: AgentSession, budget: ExecutionBudget): AgentCalls {
  const charged =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      budget.chargeUpstreamCalls();
      return call.apply(session, args);
    };
  return {
    me: (options) => session.me(options),
    listSmsSessions: charged(session.listSmsSessions),
    getSmsSession: charged(session.getSmsSession),
    getSmsMessages: charged(session.getSmsMessages),
    postSmsOperation: charged(session.postSmsOperation),
    listChannels: charged(session.listChannels),
    listAgentStates: charged(session.listAgentStates),
    postAgentOperation: charged(session.postAgentOperation),
    postChannelOperation: charged(session.postChannelOperation),
    listContacts: charged(session.listContacts),
    getContact: charged(session.getContact),
    getUser: charged(session.getUser),
    listQueues: charged(session.listQueues),
  };
}
