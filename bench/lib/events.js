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
 * Publishes `rounds` rounds, one event per target and round, through `publishRound(phase, round,
 * part)`: every `intervalMs` when paced, all at once for a burst (intervalMs 0). With `slices`, a
 * paced round goes out in that many parts spread evenly over its interval (part `index` of `of`,
 * see {@link partOf}), as customers write at their own moments rather than all at once. Resolves
 * to the time the first round started.
 */
export async function publishRounds(publishRound, { phase, rounds, intervalMs, slices = 1 }) {
  const startedAt = nowMs();
  const parts = intervalMs > 0 ? slices : 1;
  for (let round = 0; round < rounds; round += 1) {
    for (let index = 0; index < parts; index += 1) {
      if (intervalMs > 0) {
        const due = startedAt + (round + index / parts) * intervalMs;
        const wait = due - nowMs();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      publishRound(phase, round, { index, of: parts });
    }
  }
  return { startedAt };
}

/** The targets of part `index` of `of` of a round: consecutive slices of nearly equal size. */
export function partOf(targets, { index, of } = { index: 0, of: 1 }) {
  const size = targets.length / of;
  return targets.slice(Math.round(index * size), Math.round((index + 1) * size));
}
