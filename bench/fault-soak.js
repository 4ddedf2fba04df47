/**
 * `npm run soak`: at most once, and no loss a RESYNC does not cover, through faults. Three
 * replicas in cluster mode (processes of their own, run as deployed) in front of the GWS
 * simulator, behind a relay the soak can cut, with a Redis of the soak's own; two subscribers on
 * each replica; a customer writing all along. Rounds alternate two faults until SOAK_MINUTES
 * (default 3) are over:
 * - Redis: killed, and started again (empty) after REDIS_OUTAGE_MS;
 * - GWS: every connection to it refused and cut for GWS_OUTAGE_MS, then let through again.
 * A round ends with a message every subscriber must receive; then each subscriber's share of the
 * round is audited by the rule of bench/lib/delivery-audit.js: a message received twice is a
 * duplicate, one neither received nor followed by a RESYNC is lost. Prints a row per round and
 * the totals, and exits 1 on any duplicate, loss or subscription the gateway ended. Loopback
 * only; every process it starts ends with it. Not part of `npm test`.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../dist/simulator/index.js';
import { auditDeliveries } from './lib/delivery-audit.js';
import {
  CuttableRelay,
  holdsWithin,
  OwnRedis,
  RecordingSubscriber,
  waitUntil,
} from './lib/faults.js';
import { killAllChildren } from './lib/ipc.js';
import { startGatewayChild } from './lib/stack.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
if (!(MINUTES > 0 && MINUTES <= 24 * 60)) {
  console.error('SOAK_MINUTES must be a number of minutes from 0 to 1440 (default 3)');
  process.exit(2);
}
/** The fault audit's outage: Redis killed and started again 10 s later. */
const REDIS_OUTAGE_MS = 10_000;
const GWS_OUTAGE_MS = 5_000;
/** Writing goes on this long before each fault and after the replicas are back. */
const STEADY_MS = 2_000;
/** Ten at a time, as from many conversations: some are on their way whenever a role changes. */
const SEND_INTERVAL_MS = 20;
const MESSAGES_PER_SEND = 10;
/**
 * How long the replicas may take to settle after a fault: a GWS stream comes back after its
 * backoff, which doubles per failure up to 30 s.
 */
const RECOVERY_LIMIT_MS = 60_000;
/** A message that should mark a subscription in place is sent again this often until it does. */
const RESEND_AFTER_MS = 500;
/** The run is abandoned this long after it should have ended. */
const OVERRUN_MS = 5 * 60_000;
const AGENT = 'load1';
const AUTHORIZATION = `Basic ${Buffer.from(`${AGENT}:demo`).toString('base64')}`;
/**
 * Three: after Redis is back, the two replicas that do not get the lease hold a stream beside the
 * holder until each learns who has it.
 */
const REPLICAS = 3;
const SUBSCRIBERS_PER_REPLICA = 2;

/** Writes in the agent's session every SEND_INTERVAL_MS, each message of a text of its own. */
class Customer {
  sent = [];
  #timer;

  constructor(simulator, sessionId) {
    this.#timer = setInterval(() => {
      for (let n = 0; n < MESSAGES_PER_SEND; n += 1) {
        const text = `soak ${this.sent.length}`;
        this.sent.push({ text, sentAt: Date.now() });
        simulator.sendCustomerMessage(sessionId, text);
      }
    }, SEND_INTERVAL_MS);
  }

  stop() {
    clearInterval(this.#timer);
  }
}

/**
 * Sends `text` (numbered) until every subscriber has received it: a subscription is known to be
 * in place, and all sent before to have arrived, only once a message sent after reaches it.
 */
async function untilAllReceive(simulator, sessionId, subscribers, text) {
  const marks = subscribers.map((subscriber) => subscriber.received.length);
  const arrived = () =>
    subscribers.every((subscriber, index) =>
      subscriber.hasMessage((candidate) => candidate.startsWith(`${text} `), marks[index]),
    );
  const giveUpAt = Date.now() + RECOVERY_LIMIT_MS;
  for (let attempt = 1; !arrived(); attempt += 1) {
    if (Date.now() > giveUpAt) throw new Error(`"${text}" did not reach every subscriber`);
    simulator.sendCustomerMessage(sessionId, `${text} ${attempt}`);
    await holdsWithin(arrived, RESEND_AFTER_MS);
  }
}

async function agentStreams(replicas) {
  const stats = await Promise.all(replicas.map(({ gateway }) => gateway.request('stats')));
  return stats.map(({ agentStreams }) => agentStreams);
}

const sum = (values) => values.reduce((total, value) => total + value, 0);

/** Redis down for REDIS_OUTAGE_MS; resolves with what the replicas did meanwhile. */
async function redisOutage({ redis, replicas }) {
  const killedAt = Date.now();
  await redis.kill();
  // Each replica serves alone meanwhile: every follower opens a stream of its own.
  await waitUntil(
    async () => sum(await agentStreams(replicas)) === replicas.length,
    'every replica holding a stream while Redis is down',
    RECOVERY_LIMIT_MS,
  );
  const heldAlone = (Date.now() - killedAt) / 1000;
  await sleep(Math.max(0, REDIS_OUTAGE_MS - (Date.now() - killedAt)));
  await redis.resume();
  const backAt = Date.now();
  await waitUntil(
    async () => sum(await agentStreams(replicas)) === 1,
    'one stream again once Redis is back',
    RECOVERY_LIMIT_MS,
  );
  return {
    'streams during': replicas.length,
    'all held after s': heldAlone.toFixed(1),
    'one stream after s': ((Date.now() - backAt) / 1000).toFixed(1),
  };
}

/** GWS unreachable for GWS_OUTAGE_MS; resolves once every subscriber has had a RESYNC since. */
async function gwsOutage({ relay, replicas, subscribers }) {
  await relay.cut();
  await sleep(GWS_OUTAGE_MS);
  await relay.restore();
  const backAt = Date.now();
  await waitUntil(
    () => subscribers.every((subscriber) => subscriber.resyncedAfter(backAt)),
    'a RESYNC at every subscriber once GWS is back',
    RECOVERY_LIMIT_MS,
  );
  return {
    'streams during': sum(await agentStreams(replicas)),
    'RESYNC after s': ((Date.now() - backAt) / 1000).toFixed(1),
  };
}

/**
 * One fault between steady writing. The round's messages are those sent since the last round's;
 * each is looked for in all a subscriber has received, as it may arrive in the next round.
 */
async function round(number, fault, stack) {
  const { simulator, sessionId, customer, subscribers } = stack;
  await sleep(STEADY_MS);
  const observed = await (fault === 'redis' ? redisOutage(stack) : gwsOutage(stack));
  await sleep(STEADY_MS);
  const sent = customer.sent.slice(stack.auditedTo);
  stack.auditedTo += sent.length;
  await untilAllReceive(simulator, sessionId, subscribers, `soak round ${number} over`);
  const audits = subscribers.map((subscriber) => auditDeliveries(sent, subscriber.received));
  return {
    round: number,
    fault,
    sent: sent.length,
    'received (least)': Math.min(...audits.map((audit) => audit.delivered)),
    'covered by RESYNC': sum(audits.map((audit) => audit.covered)),
    lost: sum(audits.map((audit) => audit.lost.length)),
    duplicates: sum(audits.map((audit) => audit.duplicates.length)),
    ...observed,
    audits,
  };
}

async function soak(stack) {
  const { simulator, sessionId, replicas } = stack;
  for (const [index, { url }] of replicas.entries()) {
    for (let n = 0; n < SUBSCRIBERS_PER_REPLICA; n += 1) {
      stack.subscribers.push(new RecordingSubscriber(url, AUTHORIZATION, `${index + 1}.${n + 1}`));
    }
    // The first replica's subscribers come first, so it holds the agent's stream.
    await waitUntil(
      async () => sum(await agentStreams(replicas)) === 1,
      'the first replica holding the stream',
      RECOVERY_LIMIT_MS,
    );
  }
  await untilAllReceive(simulator, sessionId, stack.subscribers, 'soak ready');
  stack.customer = new Customer(simulator, sessionId);
  const rounds = [];
  const endAt = Date.now() + MINUTES * 60_000;
  while (Date.now() < endAt) {
    const fault = rounds.length % 2 === 0 ? 'redis' : 'gws';
    const result = await round(rounds.length + 1, fault, stack);
    rounds.push(result);
    console.error(
      `round ${result.round} (${fault}): ${result.sent} sent, ${result.lost} lost, ${result.duplicates} duplicates`,
    );
    const ended = stack.subscribers.filter((subscriber) => subscriber.ended !== undefined);
    if (ended.length > 0) {
      throw new Error(
        `subscriptions ended: ${ended.map(({ label, ended: why }) => `${label} ${why}`).join(', ')}`,
      );
    }
  }
  stack.customer.stop();
  return rounds;
}

function report(rounds) {
  console.table(rounds.map(({ audits: _audits, ...row }) => row));
  const total = (field) => sum(rounds.map((row) => row[field]));
  const lost = total('lost');
  const duplicates = total('duplicates');
  console.log(
    `${rounds.length} rounds in ${MINUTES} min, ${total('sent')} messages to ` +
      `${rounds[0]?.audits.length ?? 0} subscribers: ${total('covered by RESYNC')} missed and ` +
      `covered by RESYNC, ${lost} lost, ${duplicates} duplicates`,
  );
  for (const { round: number, audits } of rounds) {
    for (const [index, audit] of audits.entries()) {
      if (audit.lost.length + audit.duplicates.length === 0) continue;
      console.log(
        `round ${number}, subscriber ${index + 1}: lost ${JSON.stringify(audit.lost.slice(0, 10))}, ` +
          `duplicated ${JSON.stringify(audit.duplicates.slice(0, 10))}`,
      );
    }
  }
  return lost + duplicates;
}

const stack = { replicas: [], subscribers: [], auditedTo: 0 };
async function stop() {
  stack.customer?.stop();
  await Promise.all(stack.subscribers.map((subscriber) => subscriber.dispose()));
  for (const { gateway } of stack.replicas) await gateway.stop();
  await stack.redis?.kill();
  await stack.relay?.cut();
  await stack.simulator?.close();
}

const deadline = setTimeout(
  () => {
    console.error(`the soak ran over by ${OVERRUN_MS / 60_000} minutes`);
    killAllChildren();
    void stack.redis?.kill().finally(() => process.exit(1));
  },
  MINUTES * 60_000 + OVERRUN_MS,
);
process.on('exit', () => {
  killAllChildren();
  // Its SIGKILL is sent at once; the exit it waits for does not matter now.
  void stack.redis?.kill();
});
try {
  stack.simulator = await startSimulator({ port: 0, loadAgents: 1 });
  stack.sessionId = stack.simulator.offerSession({ userName: AGENT });
  stack.relay = await CuttableRelay.start(stack.simulator.url);
  stack.redis = await OwnRedis.start();
  const settings = {
    REDIS_URL: stack.redis.url,
    CLUSTER_SECRET: randomBytes(24).toString('base64url'),
  };
  for (let n = 0; n < REPLICAS; n += 1) {
    // Listed before it starts, so that it is stopped whatever happens next.
    const replica = { gateway: await startGatewayChild() };
    stack.replicas.push(replica);
    ({ url: replica.url } = await replica.gateway.request('start', {
      gwsBaseUrl: stack.relay.url,
      settings,
    }));
  }
  const failures = report(await soak(stack));
  if (failures > 0) process.exitCode = 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stop().catch((error) => console.error(error));
  clearTimeout(deadline);
}
