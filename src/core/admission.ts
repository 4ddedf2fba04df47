import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import {
  MemoryRateLimitStore,
  RateLimiter,
  retryAfterSeconds,
  type Caller,
  type RateLimitStore,
} from '../graphql/index.js';
import type { Agents } from './agents.js';
import type { Documents, OperationRequest, PreparedOperation } from './documents.js';
import { refusal, type Refusal } from './refusals.js';
import type { RequestMetrics, Transport } from './request-metrics.js';
import type { Results } from './results.js';

/**
 * The outcome of admitting a streaming connection: its credential checked with GWS, then its
 * place among its agent's connections.
 */
export type StreamAdmission =
  /** `release` gives the place back: call it when the connection closes, however it ends. */
  { outcome: 'accepted'; release: () => void } | { outcome: 'refused'; refusal: Refusal };

/** The outcome of admitting one operation of a streaming transport. */
export type OperationAdmission =
  | { outcome: 'admitted'; operation: PreparedOperation }
  /** Past the rate limit. */
  | { outcome: 'refused'; refusal: Refusal }
  /** A document that does not parse, validate or is not trusted. */
  | { outcome: 'invalid'; errors: GraphQLError[] };

export interface AdmissionOptions {
  agents: Agents;
  documents: Documents;
  results: Results;
  requests: RequestMetrics;
  /** Requests per agent per minute. */
  rateLimitPerMinute: number;
  /** Where the rate limit counts; undefined: this process's memory, `maxAgents` keys at most. */
  rateLimitStore: RateLimitStore | undefined;
  /** Streaming connections one agent may hold. */
  maxStreamsPerAgent: number;
  /** Agents that may hold streaming connections at once (as many as upstream sessions). */
  maxAgents: number;
}

/**
 * Who may do what, the same on every transport: a streaming connection's credential and place,
 * each request against its caller's rate limit, each streaming operation's document. Every
 * refusal of a request or an operation is counted here.
 */
export class Admission {
  private readonly rateLimiter: RateLimiter;
  private readonly streams: AgentStreams;

  constructor(private readonly options: AdmissionOptions) {
    this.rateLimiter = new RateLimiter(
      options.rateLimitPerMinute,
      options.rateLimitStore ?? new MemoryRateLimitStore(options.maxAgents),
    );
    this.streams = new AgentStreams(options.maxStreamsPerAgent, options.maxAgents);
  }

  /**
   * Admits a streaming connection (a WebSocket at its `connection_init`, a Server-Sent Events
   * stream before it opens): checks its credential with GWS, then counts it among its agent's
   * connections, refused past MAX_STREAMS_PER_AGENT.
   */
  async admitStream(caller: Caller): Promise<StreamAdmission> {
    const authentication = await this.options.agents.authenticate(caller);
    if (authentication.outcome === 'refused') return authentication;
    const place = this.streams.take(authentication.agent);
    if (typeof place === 'function') return { outcome: 'accepted', release: place };
    return { outcome: 'refused', refusal: refusal(place) };
  }

  /**
   * Counts one request against its caller's rate limit.
   * @returns the refusal, counted, when the caller is past it.
   */
  async admitRequest(
    caller: Caller,
    transport: Transport,
    operationName?: string | null,
  ): Promise<Refusal | undefined> {
    const key = this.options.agents.rateKey(caller);
    const decision = await this.rateLimiter.take(key);
    if (!decision.limited) return undefined;
    const limited = refusal('rate_limited', {
      retryAfter: retryAfterSeconds(decision.retryAfterMs),
    });
    this.refuse(transport, operationName, [limited.error]);
    return limited;
  }

  /**
   * Admits one operation of a streaming transport: its caller's rate limit, then its document,
   * with the rules and limits HTTP uses. A refused one is counted; one that runs is counted when
   * its result is known.
   */
  async admitOperation(
    caller: Caller,
    request: OperationRequest,
    transport: Transport,
  ): Promise<OperationAdmission> {
    const limited = await this.admitRequest(caller, transport, request.operationName);
    if (limited) return { outcome: 'refused', refusal: limited };
    const prepared = this.options.documents.prepare(request);
    if (!Array.isArray(prepared)) return { outcome: 'admitted', operation: prepared };
    this.refuse(transport, request.operationName, prepared);
    return { outcome: 'invalid', errors: prepared };
  }

  /** Counts a request refused with `errors` under the code of the first; returns them coded. */
  refuse(
    transport: Transport,
    operationName: string | null | undefined,
    errors: readonly GraphQLError[],
  ): GraphQLFormattedError[] {
    const formatted = errors.map((error) => this.options.results.formatRequestError(error));
    if (formatted[0]) this.options.requests.refused(transport, operationName, formatted[0]);
    return formatted;
  }
}

/**
 * Each agent's streaming connections open on this process, WebSockets and Server-Sent Events
 * streams together, at most `maxPerAgent` each. An agent is in the table only while it has one
 * open, and at most `maxAgents` are, as every other table of agents is bounded.
 */
class AgentStreams {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly maxPerAgent: number,
    private readonly maxAgents: number,
  ) {}

  /** Takes a place for one more connection of `agent`: its release, or why there is none. */
  take(agent: string): (() => void) | 'too_many_streams' | 'too_many_agents' {
    const count = this.open.get(agent) ?? 0;
    if (count >= this.maxPerAgent) return 'too_many_streams';
    if (count === 0 && this.open.size >= this.maxAgents) return 'too_many_agents';
    this.open.set(agent, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(agent) ?? 1) - 1;
      if (left === 0) this.open.delete(agent);
      else this.open.set(agent, left);
    };
  }
}
