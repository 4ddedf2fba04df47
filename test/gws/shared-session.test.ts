import { AgentSessionShare, type SharedValues } from '../../src/gws/shared-session.js';

/** Shared values in a map, as Redis would keep them, with the last TTL each was set with. */
class MemoryValues implements SharedValues {
  readonly values = new Map<string, { value: string; ttlMs: number }>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key)?.value);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, { value, ttlMs });
    return Promise.resolve();
  }

  deleteIf(key: string, value: string): Promise<void> {
    if (this.values.get(key)?.value === value) this.values.delete(key);
    return Promise.resolve();
  }
}

const SECRET = Buffer.from('a cluster secret of at least thirty-two characters');
const STATE = {
  cookie: 'JSESSIONID=1A2B3C4D; AWSELB=XYZ',
  csrf: { headerName: 'X-CSRF-TOKEN', token: '4a92be65-7e7e-4c4c-9d9d-000000000001' },
  upstreamSession: '0123456789abcdef',
};

describe('AgentSessionShare', () => {
  it('shares a session sealed: the store holds neither cookie nor token, and the agent’s credential opens it', async () => {
    const values = new MemoryValues();
    const holder = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret');
    const follower = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret');
    await holder.publish(STATE);
    const stored = [...values.values.values()].map((entry) => entry.value).join();
    expect(stored).not.toContain('1A2B3C4D');
    expect(stored).not.toContain('4a92be65');
    expect(await follower.read()).toEqual(STATE);
  });

  it('opens for no other credential and no other secret', async () => {
    const values = new MemoryValues();
    await new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret').publish(STATE);
    const otherPassword = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:guess');
    const otherSecret = new AgentSessionShare(
      values,
      'agent-hash',
      Buffer.from('x'),
      'agent:secret',
    );
    expect(await otherPassword.read()).toBeUndefined();
    expect(await otherSecret.read()).toBeUndefined();
  });

  it('withdraws only what it shared itself', async () => {
    const values = new MemoryValues();
    const first = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret');
    const second = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret');
    const firstShared = await first.publish(STATE);
    await second.publish({ ...STATE, upstreamSession: 'fedcba9876543210' });
    await first.withdraw(firstShared);
    expect((await second.read())?.upstreamSession).toBe('fedcba9876543210');
  });

  it('tells another process the SMS session of an operation, per upstream session and referenceId', async () => {
    const values = new MemoryValues();
    const sender = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret');
    const holder = new AgentSessionShare(values, 'agent-hash', SECRET, 'agent:secret');
    await sender.recordOperation('0123456789abcdef', 35, '0000Na9B26EF006E');
    expect(await holder.operationSession('0123456789abcdef', 35)).toBe('0000Na9B26EF006E');
    expect(await holder.operationSession('0123456789abcdef', 36)).toBeUndefined();
    expect(await holder.operationSession('fedcba9876543210', 35)).toBeUndefined();
  });
});
