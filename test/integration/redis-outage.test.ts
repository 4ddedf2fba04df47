/**
 * A Redis outage under several replicas: while Redis is down each replica holds the agent's GWS
 * stream of its own, and once it is back one of them holds it and the others follow, each as soon
 * as it learns who holds it. Customer messages are sent all along, a few at a time. Every
 * subscriber, on any replica, must receive each message at most once, and each message it did
 * not receive must be covered by a RESYNC it received after the message was sent (the rule is
 * bench/lib/delivery-audit.js, which `npm run soak` applies too). With three replicas, two hold a
 * stream beside the holder for a while after Redis is back.
 */
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { auditDeliveries, type SentMessage } from '../../bench/lib/delivery-audit.js';
import { clusterEnv, PrivateRedis, redisServerInstalled } from '../support/redis.js';
import { basic } from '../support/stack.js';
import { allReceiving, Subscriber } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';
const QUERY = `subscription ($id: ID) {
  smsSessionEvents(id: $id) {
    __typename notificationType
    ... on SmsMessagesAdded { messages { text } }
  }
}`;
/**
 * Renewals every 0.75 s: a replica takes its role soon after Redis answers again, and keeps its
 * lease through the stalls of a loaded machine.
 */
const LEASE_TTL_MS = 3_000;
/** A few messages at a time, as from many conversations, so some are always on their way. */
const SEND_INTERVAL_MS = 10;
const MESSAGES_PER_SEND = 5;
/** Messages sent before each outage, during it while every replica holds, and after it. */
const MESSAGES_PER_PHASE = 300;
/** Two outages: the lease may go to another replica each time. */
const OUTAGES = 2;
/** How long each change of the replicas' roles may take on a loaded machine. */
const ROLE_CHANGE_LIMIT_MS = 15_000;

const describeWithRedisServer = redisServerInstalled() ? describe : describe.skip;

/** A customer writing every SEND_INTERVAL_MS until stopped, each message of a text of its own. */
class Customer {
  readonly sent: SentMessage[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(simulator: Simulator) {
    this.timer = setInterval(() => {
      for (let n = 0; n < MESSAGES_PER_SEND; n += 1) {
        const text = `outage test ${this.sent.length}`;
        this.sent.push({ text, sentAt: Date.now() });
        simulator.sendCustomerMessage(SEED_SESSION, text);
      }
    }, SEND_INTERVAL_MS);
  }

  /** Resolves once `count` more messages have been sent. */
  async writes(count: number): Promise<void> {
    const target = this.sent.length + count;
    await waitFor(() => this.sent.length >= target, ROLE_CHANGE_LIMIT_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

let simulator: Simulator;
let redis: PrivateRedis;
const gateways: Gateway[] = [];
const subscribers: Subscriber[] = [];
let customer: Customer | undefined;

beforeEach(async () => {
  simulator = await startSimulator({ port: 0 });
  redis = await PrivateRedis.start();
});

afterEach(async () => {
  customer?.stop();
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  await redis.kill();
  await simulator.close();
});

interface Replica {
  url: string;
  gateway: Gateway;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const config = { ...loadConfig(env), port: 0, host: '127.0.0.1' };
  const gateway = await createGateway({
    config,
    gwsBaseUrl: simulator.url,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  gateways.push(gateway);
  return { url: await gateway.listen(), gateway };
}

describeWithRedisServer('a Redis outage', () => {
  it.each([2, 3])(
    'under %i replicas sends each customer message to every subscriber at most once, and covers each one missed with a RESYNC',
    async (replicaCount) => {
      const env = {
        ...clusterEnv(),
        REDIS_URL: redis.url,
        CLUSTER_LEASE_TTL_MS: `${LEASE_TTL_MS}`,
      };
      const replicas: Replica[] = [];
      for (let n = 0; n < replicaCount; n += 1) replicas.push(await startReplica(env));
      for (const { url } of replicas) {
        for (let n = 0; n < 2; n += 1) {
          subscribers.push(new Subscriber(url, basic('testname'), { query: QUERY }));
        }
      }
      await allReceiving(simulator, SEED_SESSION, ...subscribers);
      const streams = () => replicas.map(({ gateway }) => gateway.stats().agentStreams);
      const streamCount = () => streams().reduce((sum, count) => sum + count);
      expect(streamCount()).toBe(1);

      customer = new Customer(simulator);
      for (let outage = 0; outage < OUTAGES; outage += 1) {
        await customer.writes(MESSAGES_PER_PHASE);
        await redis.kill();
        // Each replica serves alone: every follower opens a stream of its own.
        await waitFor(
          () =>
            streams().every((count) => count === 1) &&
            simulator.notificationStats().testname?.connectedClients === replicaCount,
          ROLE_CHANGE_LIMIT_MS,
        );
        await customer.writes(MESSAGES_PER_PHASE);
        expect(streamCount()).toBe(replicaCount);

        await redis.resume();
        // One stream again: one replica holds it, the others follow.
        await waitFor(() => streamCount() === 1, ROLE_CHANGE_LIMIT_MS);
      }
      await customer.writes(MESSAGES_PER_PHASE);
      customer.stop();

      // Whatever was sent before has arrived, or been covered, once a later message reaches all.
      await allReceiving(simulator, SEED_SESSION, ...subscribers);
      for (const subscriber of subscribers) {
        const received = subscriber.events.map((event, index) => ({
          event,
          receivedAt: subscriber.receivedAt[index] as number,
        }));
        const audit = auditDeliveries(customer.sent, received);
        expect({ duplicates: audit.duplicates, lost: audit.lost }).toEqual({
          duplicates: [],
          lost: [],
        });
        expect(audit.delivered + audit.covered).toBe(customer.sent.length);
        expect(subscriber.errors).toEqual([]);
        expect(subscriber.closeCode).toBeUndefined();
      }
    },
    60_000,
  );
});
