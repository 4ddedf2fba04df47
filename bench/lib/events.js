/**
 * The bench's events and their wire shape, shared by the publishers (simulator, plain ws server)
 * and the clients. An event's text carries its phase, round and publication time, so a client
 * measures latency and counts deliveries without asking anyone.
 */
import { nowMs } from './stats.js';
import { setTimeout } from 'node:timers';

/** The subscription each gateway client runs: one agent's SMS events, message texts only. */
export const SUBSCRIPTION =
  'subscription { smsSessionEvents { ... on SmsMessagesAdded { messages { text } } } }';

/** `phase|round|published-at-ms`, stamped now. */
export function eventText(phase, round) {
  return `${phase}|${round}|${nowMs()}`;
}

export function parseEventText(text) {
  const [phase, round, publishedAt] = text.split('|');
  return { phase, round: Number(round), publishedAt: Number(publishedAt) };
}

/** The graphql-ws `next` message the gateway sends for one event: the plain server sends the same. */
export function nextMessage(text) {
  return JSON.stringify({
    id: '1',
    type: 'next',
    payload: { data: { smsSessionEvents: { messages: [{ text }] } } },
  });
}

/**
 * Publishes `rounds` rounds, one event per target and round, through `publishRound(phase,
 * round)`: every `intervalMs` when paced, all at once for a burst (intervalMs 0). Resolves to the
 * time the first round started.
 */
export async function publishRounds(publishRound, { phase, rounds, intervalMs }) {
  const startedAt = nowMs();
  for (let round = 0; round < rounds; round += 1) {
    if (intervalMs > 0) {
      const due = startedAt + round * intervalMs;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    publishRound(phase, round);
  }
  return { startedAt };
}
