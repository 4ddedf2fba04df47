import type { EmbeddedSimulatorModule } from '../../src/embedded-simulator.js';
import * as simulatorEntry from '../../simulator/index.js';

/**
 * The gateway loads the simulator by a path, not an import, so that a start against a real GWS
 * never loads it: the compiler checks here that the simulator's entry still offers what the
 * gateway expects of it, and this test that it works.
 */
const entry: EmbeddedSimulatorModule = simulatorEntry;

describe('the simulator as the gateway embeds it', () => {
  it('starts on the loopback, with its demo agents and a playground on its seed sessions', async () => {
    const simulator = await entry.startSimulator({
      port: 0,
      host: '127.0.0.1',
      demoScenario: false,
    });
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const agent = simulator.agents[0];
      expect(agent?.userName).toBe('testname');
      const playground = entry.demoPlayground(agent as (typeof simulator.agents)[number]);
      expect(playground.authorization).toBe(
        `Basic ${Buffer.from('testname:demo').toString('base64')}`,
      );
      expect(playground.operations.map((operation) => operation.query)).toEqual([
        expect.stringContaining('smsSessions'),
        expect.stringContaining(simulatorEntry.SEED_SESSION_IDS.testnameConversation),
        expect.stringContaining('smsSessionEvents'),
      ]);
    } finally {
      await simulator.close();
    }
  });
});
