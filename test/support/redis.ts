import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the cluster tests use: REDIS_URL, or the machine's own in a database of their own. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/7';

const PROBE_TIMEOUT_MS = 1_000;

/**
 * Whether the tests' Redis answers. Without one the cluster tests are skipped, saying why, except
 * under CI=true, where a missing Redis fails the run.
 */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    const reason = `no Redis at ${TEST_REDIS_URL} (${(error as Error).message})`;
    if (process.env.CI === 'true')
      throw new Error(`${reason}; CI needs one for the cluster tests`, { cause: error });
    process.stderr.write(`Skipping the cluster tests: ${reason}. Set REDIS_URL to run them.\n`);
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Cluster settings of one test's replicas: a secret of their own names their agents apart from
 * every other test's in the shared Redis.
 */
export function clusterEnv(): Record<string, string> {
  return { REDIS_URL: TEST_REDIS_URL, CLUSTER_SECRET: randomBytes(24).toString('base64url') };
}
