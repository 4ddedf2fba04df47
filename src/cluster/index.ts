import type { Logger } from 'pino';
import {
  MemoryEventLog,
  type EventLog,
  type MemoryEventLogOptions,
  type StreamCoordinator,
} from '../fanout/index.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../graphql/index.js';
import { RedisConnection } from './connection.js';
import { LeaseCoordinator } from './coordinator.js';
import { RedisEventLog } from './event-log.js';
import { RedisRateLimitStore } from './rate-limit-store.js';

export interface ClusterOptions {
  /** REDIS_URL. */
  redisUrl: string;
  /** A dead replica's agent streams are taken over within about 1.25 times this, in ms. */
  leaseTtlMs: number;
  /** A Redis command unanswered this long fails, and the replica falls back on itself, in ms. */
  commandTimeoutMs: number;
  /** The bounds of the shared event log, and of the replica's own while Redis is unreachable. */
  eventLog: Omit<MemoryEventLogOptions, 'now'>;
  /** Rate-limit windows counted in the replica's memory while Redis is unreachable. */
  rateLimitCapacity: number;
  logger: Logger;
}

/** What replicas share through Redis, each part behind the interface its single-process twin has. */
export interface Cluster<TEvent> {
  eventLog: EventLog<TEvent>;
  coordinator: StreamCoordinator<TEvent>;
  rateLimitStore: RateLimitStore;
  /** Whether Redis is reachable now; while it is not, the replica serves its subscribers alone. */
  readonly redisConnected: boolean;
  close(): Promise<void>;
}

/** Connects to Redis; starts even when Redis cannot be reached yet, serving alone until it can. */
export async function startCluster<TEvent>(options: ClusterOptions): Promise<Cluster<TEvent>> {
  const { logger } = options;
  const redis = new RedisConnection({
    url: options.redisUrl,
    commandTimeoutMs: options.commandTimeoutMs,
    logger,
  });
  if (!(await redis.firstConnection())) {
    logger.warn('Redis unreachable at start: serving this replica’s subscribers alone');
  }
  const eventLog = new RedisEventLog<TEvent>(redis, {
    entriesPerStream: options.eventLog.entriesPerStream,
    maxAgeMs: options.eventLog.maxAgeMs,
    fallback: new MemoryEventLog<TEvent>(options.eventLog),
  });
  return {
    eventLog,
    coordinator: new LeaseCoordinator<TEvent>(redis, {
      leaseTtlMs: options.leaseTtlMs,
      log: eventLog,
      logger,
    }),
    rateLimitStore: new RedisRateLimitStore(
      redis,
      new MemoryRateLimitStore(options.rateLimitCapacity),
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
