import { RecentIdentities } from '../../src/fanout/recent-identities.js';

const OWN_STREAM = 1;
const FOLLOWED = 0;

function window(maxEntries = 10, maxAgeMs = 1_000) {
  const clock = { now: 0 };
  const recent = new RecentIdentities({ maxEntries, maxAgeMs, now: () => clock.now });
  return { recent, clock };
}

describe('RecentIdentities', () => {
  it('tells a copy that came by another path from a new event', () => {
    const { recent } = window();
    expect(recent.admit('a', OWN_STREAM)).toBe(true);
    expect(recent.admit('a', FOLLOWED)).toBe(false);
    expect(recent.admit('a', FOLLOWED)).toBe(false);
    expect(recent.admit('b', FOLLOWED)).toBe(true);
    expect(recent.admit('b', OWN_STREAM)).toBe(false);
  });

  it('takes the same identity again by the same path as a new event, seen afresh', () => {
    const { recent, clock } = window(10, 1_000);
    expect(recent.admit('a', OWN_STREAM)).toBe(true);
    clock.now = 800;
    expect(recent.admit('a', OWN_STREAM)).toBe(true);
    clock.now = 1_500;
    // Seen again at 800, so still within the window at 1,500.
    expect(recent.admit('a', FOLLOWED)).toBe(false);
  });

  it('forgets identities past their age', () => {
    const { recent, clock } = window(10, 1_000);
    recent.admit('a', OWN_STREAM);
    clock.now = 500;
    recent.admit('b', OWN_STREAM);
    clock.now = 1_001;
    expect(recent.admit('a', FOLLOWED)).toBe(true);
    expect(recent.admit('b', FOLLOWED)).toBe(false);
    expect(recent.size).toBe(2);
  });

  it('holds no more than its bound, forgetting the one seen longest ago', () => {
    const { recent } = window(3);
    for (const identity of ['a', 'b', 'c']) recent.admit(identity, OWN_STREAM);
    recent.admit('a', OWN_STREAM);
    recent.admit('d', OWN_STREAM);
    expect(recent.size).toBe(3);
    expect(recent.admit('b', FOLLOWED)).toBe(true);
    expect(recent.admit('a', FOLLOWED)).toBe(false);
  });
});
