/**
 * The upstream of a bench run, in its own process: the built simulator with load agents, one
 * live conversation per agent, and customers writing in all of them, a round at a time.
 */
import { startSimulator } from '../dist/simulator/index.js';
import { eventText, partOf, publishRounds } from './lib/events.js';
import { serve } from './lib/ipc.js';

let simulator;
/** The conversation of each load agent, in agent order. */
let sessionIds = [];

function publishRound(phase, round, part) {
  for (const sessionId of partOf(sessionIds, part)) {
    simulator.sendCustomerMessage(sessionId, eventText(phase, round));
  }
}

serve({
  async start({ agents }) {
    simulator = await startSimulator({ port: 0, loadAgents: agents });
    sessionIds = Array.from({ length: agents }, (_, index) =>
      simulator.offerSession({ userName: `load${index + 1}` }),
    );
    return { url: simulator.url, sessionIds };
  },
  publish: ({ phase, round }) => publishRound(phase, round),
  rounds: (plan) => publishRounds(publishRound, plan),
  /** CometD clients (upstream streams) and handshakes of the load agents. */
  streams() {
    const stats = Object.entries(simulator.notificationStats()).filter(([userName]) =>
      userName.startsWith('load'),
    );
    const clients = stats.map(([, agent]) => agent.connectedClients);
    return {
      min: Math.min(...clients),
      max: Math.max(...clients),
      total: clients.reduce((sum, count) => sum + count, 0),
      handshakes: stats.reduce((sum, [, agent]) => sum + agent.handshakes, 0),
    };
  },
  stop: () => simulator?.close(),
});
