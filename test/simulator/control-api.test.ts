import { startSimulator, type Simulator } from '../../simulator/index.js';
import { AgentClient, controlRequest } from './gws-client.js';

let simulator: Simulator;

beforeEach(async () => {
  simulator = await startSimulator();
});

afterEach(async () => {
  await simulator.close();
});

function control(method: string, path: string, body?: unknown) {
  return controlRequest(simulator.url, method, path, body);
}

describe('control API over HTTP', () => {
  it('lists and clears the request log, without logging itself', async () => {
    await new AgentClient(simulator.url, 'cdoe').get('/api/v2/me?fields=*');
    const listed = await control('GET', '/requests');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { method: 'GET', path: '/api/v2/me', query: 'fields=*', userName: 'cdoe' },
    ]);
    expect((await control('DELETE', '/requests')).status).toBe(204);
    expect((await control('GET', '/requests')).body).toEqual([]);
  });

  it('publishes a notification of another medium, refusing wildcards, meta channels and unknown agents', async () => {
    const device = { messageType: 'DeviceStateChangeMessage', devices: [] };
    const publish = (userName: string, body: unknown) =>
      control('POST', `/agents/${userName}/notifications`, body);
    const nobodyListening = await publish('cdoe', { channel: '/v2/me/devices', data: device });
    expect(nobodyListening).toMatchObject({ status: 200, body: { delivered: 0 } });
    expect((await publish('cdoe', { channel: '/v2/me/*', data: device })).status).toBe(400);
    expect((await publish('cdoe', { channel: '/meta/connect', data: device })).status).toBe(400);
    expect((await publish('cdoe', { channel: '/v2/me/devices', data: [] })).status).toBe(400);
    expect((await publish('nobody', { channel: '/v2/me/devices', data: device })).status).toBe(404);
  });

  it('changes an agent’s password: the old one is refused from then on', async () => {
    const before = await new AgentClient(simulator.url, 'dlee').get('/api/v2/me');
    expect(before.status).toBe(200);
    expect((await control('PUT', '/agents/dlee/password', { password: 'n3w' })).status).toBe(204);
    const old = await new AgentClient(simulator.url, 'dlee').get('/api/v2/me');
    expect(old.status).toBe(401);
    const renewed = await new AgentClient(simulator.url, 'dlee', 'n3w').get('/api/v2/me');
    expect(renewed.status).toBe(200);
    expect((await control('PUT', '/agents/nobody/password', { password: 'x' })).status).toBe(404);
    expect((await control('PUT', '/agents/dlee/password', { password: '' })).status).toBe(400);
  });

  it('expires CSRF tokens', async () => {
    const testname = new AgentClient(simulator.url, 'testname');
    await testname.signIn();
    expect((await control('POST', '/csrf/expire')).status).toBe(204);
    const refused = await testname.operation('0000Na9B26EF006E', {
      operationName: 'Invite',
      targetPath: '/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d702',
    });
    expect(refused.status).toBe(403);
  });

  it('sets the response delay, refusing bad values', async () => {
    expect((await control('PUT', '/response-delay', { ms: 200 })).status).toBe(204);
    const started = Date.now();
    await new AgentClient(simulator.url, 'cdoe').get('/api/v2/me');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    for (const body of [{ ms: -5 }, { ms: 'soon' }, {}, [1]]) {
      const reply = await control('PUT', '/response-delay', body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: expect.any(String) });
    }
    expect((await control('PUT', '/response-delay', { ms: 0 })).status).toBe(204);
  });

  it('resets the connection of the next requests, recording them, then answers again', async () => {
    expect((await control('POST', '/connections/reset-next', { count: 1 })).status).toBe(204);
    const agent = new AgentClient(simulator.url, 'cdoe');
    await expect(agent.get('/api/v2/me')).rejects.toThrow();
    expect((await agent.get('/api/v2/me')).status).toBe(200);
    expect(simulator.requests().map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /api/v2/me',
      'GET /api/v2/me',
    ]);
    for (const body of [{ count: -1 }, { count: 1.5 }, {}]) {
      expect((await control('POST', '/connections/reset-next', body)).status).toBe(400);
    }
  });

  it('lets the customer leave: 204, then 409 once gone, 404 for an unknown session', async () => {
    const conversation = '0000Na9B26EF006E';
    expect((await control('POST', `/sessions/${conversation}/customer-leave`)).status).toBe(204);
    expect(simulator.customerView(conversation).at(-1)).toMatchObject({
      type: 'ParticipantLeft',
      from: { type: 'Customer' },
    });
    const again = await control('POST', `/sessions/${conversation}/customer-leave`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: expect.any(String) });
    expect((await control('POST', '/sessions/0000NOPE00000000/customer-leave')).status).toBe(404);
  });

  it('answers an unknown control route with 404', async () => {
    const reply = await control('GET', '/nothing');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: expect.any(String) });
  });
});
