import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { AgentSession, GwsClient, WireSmsSession } from '../gws/index.js';
import type { SmsSessionEventModel } from './events.js';
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

/** What every resolver of one GraphQL operation shares. */
export interface Context {
  /** The caller's agent session with GWS. @throws GwsError `unauthenticated` without credentials. */
  agent(): AgentSession;
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
  mapper: WireMapper;
  logger: Logger;
  /** The agent's live session events; present only on a WebSocket connection, which carries them. */
  sessionEvents?: (sessionId: string | undefined) => AsyncIterableIterator<SmsSessionEventModel>;
  /** All of the agent's events from now on, to learn an operation's outcome. */
  watchAgentEvents(): AgentEventWatch;
  outcomeSettings: OutcomeSettings;
}

/** What contexts are made of, shared by every operation of the process. */
export interface ContextDependencies {
  gws: GwsClient;
  mapper: WireMapper;
  logger: Logger;
  watchAgentEvents(agent: AgentSession): AgentEventWatch;
  outcomeSettings: OutcomeSettings;
}

/** A context for one operation made with the caller's `Authorization` value. */
export function createContext(
  { gws, mapper, logger, watchAgentEvents, outcomeSettings }: ContextDependencies,
  authorization: string | undefined,
  signal: AbortSignal,
  sessionEvents?: Context['sessionEvents'],
): Context {
  const agent = (): AgentSession => gws.agentSession(authorization);
  let list: Promise<WireSmsSession[]> | undefined;
  const smsSessionList = (): Promise<WireSmsSession[]> =>
    (list ??= agent().listSmsSessions({ signal }));
  return {
    agent,
    signal,
    smsSessionList,
    smsSessionLoader: new DataLoader(async (ids) => {
      const listed = list ? await list.catch(() => []) : [];
      return Promise.all(
        ids.map(
          (id) =>
            listed.find((session) => session.id === id) ?? agent().getSmsSession(id, { signal }),
        ),
      );
    }),
    mapper,
    logger,
    sessionEvents,
    watchAgentEvents: () => watchAgentEvents(agent()),
    outcomeSettings,
  };
}
