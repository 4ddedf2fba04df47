import { MAX_LOAD_AGENTS, startSimulator, type Simulator } from '../../simulator/index.js';
import { subscribedClient, type BayeuxClient, type BayeuxMessage } from './bayeux-client.js';
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

  it('deliver each notification to the clients of its own agent only, with many agents connected', async () => {
    simulator = await startSimulator({ loadAgents: 40 });
    const url = simulator.url;
    const userNames = Array.from({ length: 40 }, (_, index) => `load${index + 1}`);
    // Offered (and auto-answered) before anyone polls, so no client holds the Inbound notice.
    const sessionOf = new Map(
      userNames.map((userName) => [userName, simulator?.offerSession({ userName }) ?? '']),
    );
    const clients = new Map<string, BayeuxClient[]>();
    for (const userName of userNames) {
      clients.set(userName, [await subscribedClient(new AgentClient(url, userName))]);
    }
    // load7 has a second device.
    clients.get('load7')?.push(await subscribedClient(new AgentClient(url, 'load7')));
    expect(simulator.notificationStats().load7?.connectedClients).toBe(2);

    simulator.sendCustomerMessage(sessionOf.get('load7') ?? '', 'for load7');
    simulator.sendCustomerMessage(sessionOf.get('load23') ?? '', 'for load23');
    // Then a last message to every agent: a client's notifications come in order, so one meant
    // for another agent would come before this one.
    for (const sessionId of sessionOf.values()) simulator.sendCustomerMessage(sessionId, 'last');
    const texts = (messages: BayeuxMessage[]) =>
      messages.map((message) => (message.data?.messages as { text?: string }[])[0]?.text);
    const received = await Promise.all(
      [...clients].flatMap(([userName, ofAgent]) =>
        ofAgent.map(async (client) => {
          const wanted = userName === 'load7' || userName === 'load23';
          return { userName, texts: texts(await client.collect(wanted ? 2 : 1)) };
        }),
      ),
    );
    expect(
      received.filter((client) => client.texts.length !== 1 || client.texts[0] !== 'last'),
    ).toEqual([
      { userName: 'load7', texts: ['for load7', 'last'] },
      { userName: 'load7', texts: ['for load7', 'last'] },
      { userName: 'load23', texts: ['for load23', 'last'] },
    ]);

    // A client that disconnects is forgotten; its agent's other client still hears of everything.
    const [gone, staying] = clients.get('load7') ?? [];
    await gone?.exchange([{ channel: '/meta/disconnect', clientId: gone.clientId }]);
    expect(simulator.notificationStats().load7?.connectedClients).toBe(1);
    simulator.sendCustomerMessage(sessionOf.get('load7') ?? '', 'again');
    expect(texts((await staying?.collect(1)) ?? [])).toEqual(['again']);
  });
});
