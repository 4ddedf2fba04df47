import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { waitFor } from './wait.js';

/** The Redis the cluster tests use: REDIS_URL, or the machine's own in a database of their own. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/7';

const PROBE_TIMEOUT_MS = 1_000;

/**
 * Whether the tests' Redis answers. Without one the cluster tests are skipped, saying why, except
 * under CI=true, where a missing Redis fails the run.
 */
async function redisAvailable(): Promise<boolean> {
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

/** `describe` when the tests' Redis answers, else `describe.skip`: see {@link redisAvailable}. */
export async function describeIfRedisAnswers(): Promise<typeof describe | typeof describe.skip> {
  return (await redisAvailable()) ? describe : describe.skip;
}

/**
 * Cluster settings of one test's replicas: a secret of their own names their agents apart from
 * every other test's in the shared Redis.
 */
export function clusterEnv(): Record<string, string> {
  return { REDIS_URL: TEST_REDIS_URL, CLUSTER_SECRET: randomBytes(24).toString('base64url') };
}

/** A Redis of one test's own, which it can stop and start again on the same port. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(private readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.resume();
    return redis;
  }

  /** Kills the server without a word, as a crash or a network cut would look to its clients. */
  async kill(): Promise<void> {
    const { child } = this;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the server again on its port; resolves once it answers. */
  async resume(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await waitFor(async () => (await probe.ping().catch(() => undefined)) === 'PONG');
    } finally {
      probe.disconnect();
    }
  }
}

/** Whether Debian's redis-server is installed, for the tests that run Redis of their own. */
export function redisServerInstalled(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI === 'true') throw new Error('CI needs redis-server installed');
  if (!found) process.stderr.write('Skipping the tests that need redis-server: not installed.\n');
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
