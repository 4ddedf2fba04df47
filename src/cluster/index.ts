import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { MemoryEventLog, type EventLog, type StreamCoordinator } from '../fanout/index.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../graphql/index.js';
import {
  SIGN_IN_ACCEPTED_TTL_MS,
  type SharedSignInStore,
  type SharedValues,
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

/**
 * Cluster mode when REDIS_URL is set, else undefined. Starts even when Redis cannot be reached
 * yet: the replica serves alone until it can.
 */
export async function startCluster<TEvent>(
  config: Config,
  logger: Logger,
): Promise<Cluster<TEvent> | undefined> {
  const { redisUrl, clusterSecret } = config;
  if (redisUrl === undefined || clusterSecret === undefined) return undefined;
  const redis = new RedisConnection({
    url: redisUrl,
    commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
    logger,
  });
  if (!(await redis.firstConnection())) {
    logger.warn('Redis unreachable at start: serving this replica’s subscribers alone');
  }
  const logBounds = {
    entriesPerStream: config.eventLogSize,
    maxStreams: config.eventLogMaxAgents,
    maxAgeMs: config.eventLogMaxAgeMs,
  };
  const eventLog = new RedisEventLog<TEvent>(redis, {
    ...logBounds,
    fallback: new MemoryEventLog<TEvent>(logBounds),
  });
  return {
    gws: {
      credentialHashKey: clusterSecret,
      sharedSignIn: new RedisSignInStore(redis, {
        acceptedTtlMs: SIGN_IN_ACCEPTED_TTL_MS,
        maxUnknownAttempts: config.signInMaxUnknownAttempts,
        maxUnknownAttemptsPerUser: config.signInMaxAttemptsPerUser,
        windowMs: config.signInWindowMs,
        refusedTtlMs: config.signInRefusedTtlMs,
        secret: clusterSecret,
      }),
      sharedSessions: new RedisSharedValues(redis),
    },
    eventLog,
    coordinator: new LeaseCoordinator<TEvent>(redis, {
      leaseTtlMs: config.clusterLeaseTtlMs,
      log: eventLog,
      logger,
    }),
    rateLimitStore: new RedisRateLimitStore(
      redis,
      new MemoryRateLimitStore(config.gwsMaxAgentSessions),
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
