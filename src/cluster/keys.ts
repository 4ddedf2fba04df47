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
  /** A value the replicas share, sealed by the gateway (an agent's upstream HTTP session). */
  shared: (key: string) => `${PREFIX}:shared:${key}`,
  /** What rate-limit windows' counts are named under: `<this>:<key>`, as rate-limiter-flexible joins them. */
  ratePrefix: `${PREFIX}:rate`,
  /** Set while a credential GWS accepted passes unthrottled. */
  signInAccepted: (key: string) => `${PREFIX}:sign-in:accepted:${key}`,
  /** Set while a credential GWS refused is refused without asking GWS. */
  signInRefused: (key: string) => `${PREFIX}:sign-in:refused:${key}`,
  /**
   * Sign-ins with unknown credentials in the current window of a user name, from one origin or from
   * all (the two hashed together, or the user name alone).
   */
  signInAttempts: (userName: string) => `${PREFIX}:sign-in:attempts:${userName}`,
} as const;
