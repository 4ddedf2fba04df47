import { waitFor } from '../support/wait.js';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { GatewayProcess } from '../support/gateway-process.js';
import {
  clusterEnv,
  PrivateRedis,
  describeIfRedisAnswers,
  redisServerInstalled,
} from '../support/redis.js';
import { DIALECTS } from '../support/dialects.js';
import { basic, postGraphQL } from '../support/stack.js';
import { allReceiving, hasText, Subscriber } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
/** The bound on a takeover after the holder died without a word. */
const TAKEOVER_LIMIT_MS = 15_000;

const RESUMABLE_QUERY = `subscription ($id: ID, $after: String) {
  smsSessionEvents(id: $id, after: $after) {
    __typename cursor sessionId notificationType referenceId
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

const describeWithRedis = await describeIfRedisAnswers();
const describeWithRedisServer = redisServerInstalled() ? describe : describe.skip;

interface Replica {
  url: string;
  gateway: Gateway;
}

let simulator: Simulator;
const replicas: Replica[] = [];
const subscribers: Subscriber[] = [];
const processes: GatewayProcess[] = [];
const redises: PrivateRedis[] = [];

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const config = { ...loadConfig(env), port: 0, host: '127.0.0.1' };
  const gateway = await createGateway({
    config,
    gwsBaseUrl: simulator.url,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const replica = { url: await gateway.listen(), gateway };
  replicas.push(replica);
  return replica;
}

function subscribe(url: string, after?: string): Subscriber {
  const subscriber = new Subscriber(url, basic('testname'), { query: RESUMABLE_QUERY, after });
  subscribers.push(subscriber);
  return subscriber;
}

/** The replica's /readyz answer and its gateway_redis_connected reading. */
async function health(replica: Replica): Promise<{ ready: string; redisConnected: string }> {
  const origin = new URL(replica.url).origin;
  const ready = await fetch(`${origin}/readyz`);
  const metrics = await (await fetch(`${origin}/metrics`)).text();
  return {
    ready: `${ready.status} ${await ready.text()}`,
    redisConnected: /^gateway_redis_connected (\d)$/m.exec(metrics)?.[1] ?? 'absent',
  };
}

const handshakes = () => simulator.notificationStats().testname?.handshakes ?? 0;

beforeEach(async () => {
  simulator = await startSimulator({ port: 0 });
});

afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
  await Promise.all(processes.splice(0).map((child) => child.kill()));
  await Promise.all(replicas.splice(0).map((replica) => replica.gateway.close()));
  await Promise.all(redises.splice(0).map((redis) => redis.kill()));
  await simulator.close();
});

describeWithRedis.each(DIALECTS)('cluster mode (REDIS_URL, %s GWS dialect)', (_name, dialect) => {
  beforeEach(() => simulator.setDialect(dialect));

  it('awaits outcomes right on either replica, and either’s operations reach every device', async () => {
    const env = { ...clusterEnv(), OUTCOME_QUIET_WINDOW_MS: '300' };
    const both = [await startReplica(env), await startReplica(env)];
    const devices = both.map((replica) => subscribe(replica.url));
    await allReceiving(simulator, SEED_SESSION, ...devices);
    expect(handshakes()).toBe(1);
    for (const [index, replica] of both.entries()) {
      const mutate = (field: string, args: string) =>
        postGraphQL<Record<string, { outcome: string; errorMessage: string | null }>>(
          replica.url,
          `mutation { ${field}(id: "${SEED_SESSION}", ${args}, awaitOutcome: true) { outcome errorMessage } }`,
          undefined,
          basic('testname'),
        );
      const text = `sent through replica ${index}`;
      const sent = await mutate('sendSmsMessage', `text: "${text}"`);
      expect(sent.data?.sendSmsMessage).toEqual({ outcome: 'CONFIRMED', errorMessage: null });
      await Promise.all(devices.map((device) => device.waitFor(hasText(text))));
      const failed = await mutate('inviteToSmsSession', 'targetPath: "/users/nosuchagent"');
      expect(failed.data?.inviteToSmsSession).toEqual({
        outcome: 'FAILED',
        errorMessage: expect.any(String),
      });
    }
  });

  it('shares one upstream stream, its events, awaited outcomes and cursors between two replicas', async () => {
    const env = { ...clusterEnv(), OUTCOME_QUIET_WINDOW_MS: '300' };
    const [first, second] = [await startReplica(env), await startReplica(env)] as [
      Replica,
      Replica,
    ];
    const onFirst = [1, 2, 3].map(() => subscribe(first.url));
    const onSecond = [1, 2, 3].map(() => subscribe(second.url));
    await allReceiving(simulator, SEED_SESSION, ...onFirst, ...onSecond);

    const stats = [first, second].map((replica) => replica.gateway.stats());
    expect(stats.map((each) => each.agentStreams).sort()).toEqual([0, 1]);
    expect(stats.map((each) => each.followedAgents).sort()).toEqual([0, 1]);
    expect(handshakes()).toBe(1);

    simulator.sendCustomerMessage(SEED_SESSION, 'to every device');
    const received = await Promise.all(
      [...onFirst, ...onSecond].map((subscriber) => subscriber.waitFor(hasText('to every device'))),
    );
    expect(new Set(received.map((event) => event.cursor)).size).toBe(1);

    const follower = stats[0]?.agentStreams === 0 ? first : second;
    const outcome = await postGraphQL<{ sendSmsMessage: { outcome: string } }>(
      follower.url,
      `mutation { sendSmsMessage(id: "${SEED_SESSION}", text: "from the follower", awaitOutcome: true) { outcome } }`,
      undefined,
      basic('testname'),
    );
    expect(outcome.data?.sendSmsMessage.outcome).toBe('CONFIRMED');

    const cursor = received[0]?.cursor as string;
    simulator.sendCustomerMessage(SEED_SESSION, 'missed elsewhere');
    await onFirst[0]?.waitFor(hasText('missed elsewhere'));
    const resumed = subscribe(second.url, cursor);
    await resumed.waitFor(hasText('missed elsewhere'));
    expect(resumed.events[0]).toMatchObject({ notificationType: 'NEW_MESSAGES' });
    expect(resumed.events.some((event) => event.notificationType === 'RESYNC')).toBe(false);
    expect(handshakes()).toBe(1);
  });

  it('counts rate limits and sign-ins across replicas', async () => {
    const env = { ...clusterEnv(), RATE_LIMIT_PER_MINUTE: '4' };
    const both = [await startReplica(env), await startReplica(env)];
    const me = (replica: Replica, authorization: string) =>
      postGraphQL(replica.url, '{ me { userName } }', undefined, authorization);
    const statuses = [];
    for (const replica of [...both, ...both, ...both]) {
      statuses.push((await me(replica, basic('testname'))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);

    simulator.clearRequests();
    const signIns = () => simulator.requests().filter(({ path }) => path === '/api/v2/me').length;
    const codes = [];
    for (let guess = 0; guess < 8; guess += 1) {
      const answer = await me(both[guess % 2] as Replica, basic('bfriend', `guess${guess}`));
      codes.push(answer.errors?.[0]?.extensions?.code);
    }
    // Three unknown credentials per user name and window, counted by both replicas together.
    expect(signIns()).toBe(3);
    expect(codes).toEqual([...Array(3).fill('UNAUTHENTICATED'), ...Array(5).fill('RATE_LIMITED')]);
    // A credential one replica saw refused is refused by the other without asking GWS.
    simulator.clearRequests();
    await me(both[0] as Replica, basic('cdoe', 'wrong'));
    const again = await me(both[1] as Replica, basic('cdoe', 'wrong'));
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(signIns()).toBe(1);
  });

  it('takes the stream over within 15 s when its holder is killed, without an error to subscribers', async () => {
    const env = clusterEnv();
    const { gateway: holder, url: holderUrl } = await GatewayProcess.start({
      ...env,
      GWS_BASE_URL: simulator.url,
      LOG_LEVEL: 'info',
    });
    processes.push(holder);
    const onHolder = subscribe(holderUrl);
    await allReceiving(simulator, SEED_SESSION, onHolder);
    expect(handshakes()).toBe(1);

    const survivor = await startReplica(env);
    const onSurvivor = [subscribe(survivor.url), subscribe(survivor.url)];
    await allReceiving(simulator, SEED_SESSION, ...onSurvivor);
    expect(survivor.gateway.stats()).toMatchObject({ agentStreams: 0, followedAgents: 1 });

    const killedAt = Date.now();
    await holder.kill();
    await waitFor(() => handshakes() === 2, TAKEOVER_LIMIT_MS);
    await Promise.all(
      onSurvivor.map((subscriber) =>
        subscriber.waitFor((event) => event.notificationType === 'RESYNC', TAKEOVER_LIMIT_MS),
      ),
    );
    expect(Date.now() - killedAt).toBeLessThan(TAKEOVER_LIMIT_MS);
    expect(survivor.gateway.stats()).toMatchObject({ agentStreams: 1, followedAgents: 0 });

    simulator.sendCustomerMessage(SEED_SESSION, 'after the takeover');
    for (const subscriber of onSurvivor) {
      await subscriber.waitFor(hasText('after the takeover'));
      expect(subscriber.errors).toEqual([]);
      expect(subscriber.closeCode).toBeUndefined();
    }
  }, 40_000);
});

describeWithRedisServer('cluster mode without Redis for a while', () => {
  let redis: PrivateRedis;
  beforeEach(async () => {
    redis = await PrivateRedis.start();
    redises.push(redis);
  });

  it('serves every replica’s subscribers from its own stream, says so, and shares again when Redis is back', async () => {
    const env = { ...clusterEnv(), REDIS_URL: redis.url };
    const [first, second] = [await startReplica(env), await startReplica(env)] as [
      Replica,
      Replica,
    ];
    const onFirst = subscribe(first.url);
    const onSecond = subscribe(second.url);
    await allReceiving(simulator, SEED_SESSION, onFirst, onSecond);
    expect(handshakes()).toBe(1);
    expect(await health(first)).toEqual({ ready: '200 ready', redisConnected: '1' });

    const follower = first.gateway.stats().followedAgents === 1 ? onFirst : onSecond;
    await redis.kill();
    await waitFor(async () => {
      const readings = await Promise.all([first, second].map(health));
      return readings.every(
        (reading) =>
          reading.ready === '200 ready, degraded: Redis is unreachable' &&
          reading.redisConnected === '0',
      );
    });
    // The follower opens a stream of its own within a renewal period of the lease, and re-reads
    // the sessions, as what happened before its stream was subscribed is lost to it.
    await follower.waitFor((event) => event.notificationType === 'RESYNC');
    expect(handshakes()).toBe(2);
    await allReceiving(simulator, SEED_SESSION, onFirst, onSecond);

    await redis.resume();
    await waitFor(async () => (await health(first)).redisConnected === '1', 10_000);
    expect(await health(second)).toEqual({ ready: '200 ready', redisConnected: '1' });
    // One stream again: one replica claims the lease, the other follows it.
    await waitFor(
      () => first.gateway.stats().agentStreams + second.gateway.stats().agentStreams === 1,
      10_000,
    );
    await allReceiving(simulator, SEED_SESSION, onFirst, onSecond);
    for (const subscriber of [onFirst, onSecond]) {
      expect(subscriber.errors).toEqual([]);
      expect(subscriber.closeCode).toBeUndefined();
    }
  }, 40_000);
});
