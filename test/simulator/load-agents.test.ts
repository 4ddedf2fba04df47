import { MAX_LOAD_AGENTS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { AgentClient } from './gws-client.js';

let simulator: Simulator | undefined;

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe('load agents', () => {
  it('sign in beside the demo agents, answer offers at once and show in the stats', async () => {
    simulator = await startSimulator({ loadAgents: 3 });
    expect(simulator.agents.map((agent) => agent.userName).slice(-3)).toEqual([
      'load1',
      'load2',
      'load3',
    ]);
    const load3 = new AgentClient(simulator.url, 'load3');
    expect((await load3.get('/api/v2/me')).status).toBe(200);
    expect((await new AgentClient(simulator.url, 'load4').get('/api/v2/me')).status).toBe(401);

    const sessionId = simulator.offerSession({ userName: 'load3', text: 'Hello' });
    const session = await load3.get(`/api/v2/me/smssessions/${sessionId}`);
    expect(session.body).toMatchObject({ statusCode: 0, smssession: { state: 'Chatting' } });
    expect(simulator.notificationStats().load3).toEqual({
      handshakes: 0,
      subscriptions: 0,
      connectedClients: 0,
    });
  });

  it('are none by default, and refused beyond MAX_LOAD_AGENTS', async () => {
    simulator = await startSimulator();
    expect(simulator.agents.some((agent) => agent.userName.startsWith('load'))).toBe(false);
    await expect(startSimulator({ loadAgents: MAX_LOAD_AGENTS + 1 })).rejects.toThrow(
      `loadAgents must be an integer from 0 to ${MAX_LOAD_AGENTS}`,
    );
    await expect(startSimulator({ loadAgents: 1.5 })).rejects.toThrow(RangeError);
  });
});
