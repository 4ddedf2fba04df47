/**
 * The fan-out baseline, in its own process: a plain `ws` server that sends the same JSON the
 * gateway sends to the same sockets, one group of sockets per agent, naively: one `send` per
 * socket and event.
 */
import { WebSocketServer } from 'ws';
import { eventText, nextMessage, partOf, publishRounds } from './lib/events.js';
import { serve } from './lib/ipc.js';
import { URL } from 'node:url';

let server;
/** The sockets of each agent's group, by group number (from the `group` query parameter). */
const groups = new Map();
/** The same groups, in the order they came: a round's parts are slices of it. */
const groupList = [];

function publishRound(phase, round, part) {
  for (const sockets of partOf(groupList, part)) {
    const message = nextMessage(eventText(phase, round));
    for (const socket of sockets) socket.send(message);
  }
}

serve({
  async start() {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket, request) => {
      const group = new URL(request.url ?? '/', 'http://localhost').searchParams.get('group');
      if (!groups.has(group)) {
        groups.set(group, new Set());
        groupList.push(groups.get(group));
      }
      groups.get(group).add(socket);
      socket.on('close', () => groups.get(group).delete(socket));
    });
    await new Promise((resolve) => server.once('listening', resolve));
    return { url: `ws://127.0.0.1:${server.address().port}` };
  },
  rounds: (plan) => publishRounds(publishRound, plan),
  publish: ({ phase, round }) => publishRound(phase, round),
  stop: async () => {
    for (const client of server?.clients ?? []) client.terminate();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  },
});
