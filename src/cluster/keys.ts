/**
 * Every key and channel the gateway uses in Redis, in one place. Agents are named by their
 * credential hash keyed with CLUSTER_SECRET: nothing here tells a credential to Redis.
 */
const PREFIX = 'gws-gateway';

export const RedisKeys = {
  /** The agent's event log: a capped stream. */
  events: (agent: string) => `${PREFIX}:events:${agent}`,
  /** Told of each event appended to the agent's log, so followers read it. */
  appended: (agent: string) => `${PREFIX}:appended:${agent}`,
  /** The lease of the replica holding the agent's upstream stream. */
  lease: (agent: string) => `${PREFIX}:lease:${agent}`,
  /** A rate-limit window's count. */
  rate: (key: string) => `${PREFIX}:rate:${key}`,
} as const;
