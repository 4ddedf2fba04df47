import type { Logger } from 'pino';
import {
  MemoryEventLog,
  type EventLog,
  type HeldForm,
  type MemoryEventLogOptions,
  type StreamCoordinator,
} from '../fanout/index.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../graphql/index.js';
import {
  SIGN_IN_ACCEPTED_TTL_MS,
  type SharedSignInStore,
  type SharedValues,
  type SignInSettings,
} from '../gws/index.js';
import { RedisConnection } from './connection.js';
import { LeaseCoordinator } from './coordinator.js';
import { RedisEventLog } from './event-log.js';
import { RedisRateLimitStore } from './rate-limit-store.js';
import { RedisSharedValues } from './shared-values.js';
import { RedisSignInStore } from './sign-in-store.js';

/**
 * Redis answers in milliseconds: a command unanswered this long means Redis is gone for now, and
 * the replica goes on alone rather than hold requests, or a lease renewal, up.
 */
const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** What replicas share through Redis, each part behind the interface its single-process twin has. */
export interface Cluster<TEvent> {
  /**
   * GWS client options: agents named alike on every replica, sign-ins counted together, and each
   * agent's upstream HTTP session shared, so its SMS operations go in the one its stream is in.
   */
  gws: { credentialHashKey: string; sharedSignIn: SharedSignInStore; sharedSessions: SharedValues };
  eventLog: EventLog<TEvent>;
  coordinator: StreamCoordinator<TEvent>;
  rateLimitStore: RateLimitStore;
  /** Whether Redis is reachable now; while it is not, the replica serves its subscribers alone. */
  readonly redisConnected: boolean;
  close(): Promise<void>;
}

/** What the cluster is made with (REDIS_URL, CLUSTER_SECRET, CLUSTER_LEASE_TTL_MS, …). */
export interface ClusterOptions {
  redisUrl: string;
  /** Keys every hash the replicas share: agents' names, sign-in counts. */
  secret: string;
  leaseTtlMs: number;
  /** The shared event log's bounds, as the in-memory log's. */
  eventLog: Omit<MemoryEventLogOptions, 'now'>;
  /** Sign-ins counted across replicas, within the process's own limits. */
  signIn: SignInSettings;
  /** The most keys the in-memory rate limit holds while Redis is unreachable. */
  rateLimitFallbackKeys: number;
}

/**
 * Cluster mode when it has options (REDIS_URL is set), else undefined. Starts even when Redis
 * cannot be reached yet: the replica serves alone until it can.
 * @param heldForm what the in-memory fallback log holds of each event; the event unless given.
 */
export async function startCluster<TEvent>(
  options: ClusterOptions | undefined,
  logger: Logger,
  heldForm?: HeldForm<TEvent, unknown>,
): Promise<Cluster<TEvent> | undefined> {
  if (options === undefined) return undefined;
  const redis = new RedisConnection({
    url: options.redisUrl,
    commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
    logger,
  });
  if (!(await redis.firstConnection())) {
    logger.warn('Redis unreachable at start: serving this replica’s subscribers alone');
  }
  const eventLog = new RedisEventLog<TEvent>(redis, {
    ...options.eventLog,
    fallback: new MemoryEventLog<TEvent>(options.eventLog, heldForm),
  });
  return {
    gws: {
      credentialHashKey: options.secret,
      sharedSignIn: new RedisSignInStore(redis, {
        acceptedTtlMs: SIGN_IN_ACCEPTED_TTL_MS,
        ...options.signIn,
        secret: options.secret,
      }),
      sharedSessions: new RedisSharedValues(redis),
    },
    eventLog,
    coordinator: new LeaseCoordinator<TEvent>(redis, {
      leaseTtlMs: options.leaseTtlMs,
      log: eventLog,
      logger,
    }),
    rateLimitStore: new RedisRateLimitStore(
      redis,
      new MemoryRateLimitStore(options.rateLimitFallbackKeys),
    ),
    get redisConnected() {
      return redis.connected;
    },
    close: () => redis.close(),
  };
}

export { RedisConnection, type RedisConnectionOptions } from './connection.js';
export { LeaseCoordinator, type LeaseCoordinatorOptions } from './coordinator.js';
export { RedisEventLog, type RedisEventLogOptions } from './event-log.js';
export { RedisRateLimitStore } from './rate-limit-store.js';
export { RedisSharedValues } from './shared-values.js';
export { RedisSignInStore, type RedisSignInStoreOptions } from './sign-in-store.js';
