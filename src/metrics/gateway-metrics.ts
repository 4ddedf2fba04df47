import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Readings taken at each scrape. */
export interface GatewayGauges {
  openWebSockets: number;
  openEventStreams: number;
  openMultipartStreams: number;
  subscribers: number;
  agentSessions: number;
  agentStreamsByState: Readonly<Record<string, number>>;
  /** In cluster mode only. */
  cluster?: { redisConnected: boolean; followedAgents: number } | undefined;
}

/** One GraphQL request or WebSocket operation, as it ended (or was refused). */
export interface RequestRecord {
  transport: 'http' | 'ws' | 'ws-legacy' | 'sse' | 'multipart';
  /** The client's operation name; names past the first {@link MAX_OPERATION_NAMES} are collapsed. */
  operationName: string | undefined | null;
  /** `ok`, or the `extensions.code` of the first error. */
  outcome: string;
  /** The gateway's limit that refused it, if one did (`too_complex`, …); counted as refused too. */
  refusal?: string;
  /** Absent where a duration means nothing (a subscription that was refused or started). */
  durationMs?: number;
}

/**
 * Distinct operation names given their own label value; later ones count as `other`, so clients
 * cannot grow the metrics without bound.
 */
const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z_]{0,39}$/;
const ENDPOINT = /^[A-Za-z0-9/{}_.-]{1,100}$/;
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics, in a registry of their own. Fed through plain hooks, so the
 * code it watches does not know prom-client; no label carries a credential or message text.
 */
export class GatewayMetrics {
  readonly contentType: string;
  private readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly requests: Timed<'transport' | 'operation' | 'outcome'>;
  private readonly refused: Counter<'reason'>;
  private readonly upstreamCalls: Timed<'method' | 'endpoint' | 'status'>;
  private readonly eventsQueued: Counter;
  private readonly subscribersDropped: Counter;
  private readonly outcomes: Counter<'outcome'>;

  /** @param options.cluster whether the gateway runs in cluster mode, which has gauges of its own */
  constructor(readGauges: () => GatewayGauges, options: { cluster?: boolean } = {}) {
    const registers = [this.registry];
    this.contentType = this.registry.contentType;
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Timed(
      this.registry,
      'gateway_graphql_request',
      'GraphQL requests and WebSocket operations, by operation name and outcome',
      ['transport', 'operation', 'outcome'],
    );
    this.refused = new Counter({
      name: 'gateway_refused_requests_total',
      help: 'Requests refused by the gateway, by reason: rate_limited, sign_in_throttled, too_complex, response_too_large, untrusted_document.',
      labelNames: ['reason'],
      registers,
    });
    this.upstreamCalls = new Timed(
      this.registry,
      'gateway_upstream_request',
      'Requests to GWS (REST calls and notification long-polls), by endpoint and HTTP status (none: no answer)',
      ['method', 'endpoint', 'status'],
    );
    this.eventsQueued = new Counter({
      name: 'gateway_events_fanned_out_total',
      help: 'Session events queued for subscribers, one per subscriber.',
      registers,
    });
    this.subscribersDropped = new Counter({
      name: 'gateway_slow_subscribers_dropped_total',
      help: 'Subscribers ended because they fell a full queue behind.',
      registers,
    });
    this.outcomes = new Counter({
      name: 'gateway_awaited_outcomes_total',
      help: 'Outcomes of mutations sent with awaitOutcome, by result.',
      labelNames: ['outcome'],
      registers,
    });
    const reading = (name: string, help: string, read: (gauges: GatewayGauges) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(readGauges()));
        },
      });
    reading('gateway_open_websockets', 'Open WebSocket connections.', (g) => g.openWebSockets);
    reading(
      'gateway_open_event_streams',
      'Open Server-Sent Events streams.',
      (g) => g.openEventStreams,
    );
    reading(
      'gateway_open_multipart_streams',
      'Open multipart HTTP subscription responses.',
      (g) => g.openMultipartStreams,
    );
    reading('gateway_subscribers', 'Subscribers to agents’ event streams.', (g) => g.subscribers);
    reading('gateway_agent_sessions', 'Agents’ upstream sessions held.', (g) => g.agentSessions);
    if (options.cluster) {
      reading(
        'gateway_redis_connected',
        'Cluster mode: 1 while Redis is reachable; 0 while this replica serves its subscribers alone.',
        (g) => Number(g.cluster?.redisConnected),
      );
      reading(
        'gateway_followed_agents',
        'Cluster mode: agents whose events come from the replica holding their GWS stream.',
        (g) => g.cluster?.followedAgents ?? 0,
      );
    }
    new Gauge({
      name: 'gateway_agent_streams',
      help: 'Agents’ GWS notification streams, by state.',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, count] of Object.entries(readGauges().agentStreamsByState)) {
          this.set({ state }, count);
        }
      },
    });
  }

  /** Counts a request as it ended; one the gateway's limits refused counts as refused too. */
  recordRequest({ transport, operationName, outcome, refusal, durationMs }: RequestRecord): void {
    if (refusal) this.recordRefused(refusal);
    const labels = {
      transport,
      operation: this.operationLabel(operationName),
      outcome: ERROR_CODE.test(outcome) || outcome === 'ok' ? outcome : 'other',
    };
    this.requests.record(labels, durationMs);
  }

  /** A request refused by the gateway: `rate_limited`, `too_complex`, … */
  private recordRefused(reason: string): void {
    this.refused.inc({ reason });
  }

  onUpstreamCall({
    method,
    endpoint,
    status,
    durationMs,
  }: {
    method: string;
    endpoint: string;
    status: number | undefined;
    durationMs: number;
  }): void {
    const labels = {
      method,
      endpoint: ENDPOINT.test(endpoint) ? endpoint : 'other',
      status: status === undefined ? 'none' : String(status),
    };
    this.upstreamCalls.record(labels, durationMs);
  }

  onEventsQueued(count: number): void {
    this.eventsQueued.inc(count);
  }

  onSubscriberDropped(): void {
    this.subscribersDropped.inc();
  }

  onOutcome(outcome: string): void {
    this.outcomes.inc({ outcome });
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  private operationLabel(name: string | undefined | null): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}

/** A count of events (`{name}s_total`) beside the time they took (`{name}_duration_seconds`). */
class Timed<L extends string> {
  private readonly count: Counter<L>;
  private readonly seconds: Histogram<L>;

  constructor(registry: Registry, name: string, what: string, labelNames: L[]) {
    const registers = [registry];
    this.count = new Counter({ name: `${name}s_total`, help: `${what}.`, labelNames, registers });
    this.seconds = new Histogram({
      name: `${name}_duration_seconds`,
      help: `Time taken by ${what}.`,
      labelNames,
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
  }

  /** Counts one; its time too when there is one that means something. */
  record(labels: Partial<Record<L, string>>, durationMs: number | undefined): void {
    this.count.inc(labels);
    if (durationMs !== undefined) this.seconds.observe(labels, durationMs / 1000);
  }
}
