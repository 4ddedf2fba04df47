import { ExpiringMap } from '../../src/gws/expiring-map.js';

describe('ExpiringMap', () => {
  it('answers a value until the caller’s clock reaches its expiry, then forgets it', () => {
    const map = new ExpiringMap<string>(10);
    map.set('a', 'one', 1_000);
    expect(map.get('a', 999)).toBe('one');
    expect(map.get('a', 1_000)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('holds at most its capacity, forgetting the entry used longest ago', () => {
    const map = new ExpiringMap<number>(3);
    for (const [index, key] of ['a', 'b', 'c'].entries()) map.set(key, index, 1_000);
    expect(map.get('a', 0)).toBe(0);
    map.set('d', 3, 1_000);
    expect(map.size).toBe(3);
    expect(map.get('b', 0)).toBeUndefined();
    expect([map.get('a', 0), map.get('c', 0), map.get('d', 0)]).toEqual([0, 2, 3]);
  });

  it('stays within its capacity under a flood of keys', () => {
    const map = new ExpiringMap<number>(100);
    for (let key = 0; key < 10_000; key += 1) map.set(`k${key}`, key, 1_000);
    expect(map.size).toBe(100);
    expect(map.get('k9999', 0)).toBe(9999);
    expect(map.get('k0', 0)).toBeUndefined();
  });

  it('refuses a capacity that is not a whole number of at least 1', () => {
    expect(() => new ExpiringMap(0)).toThrow(RangeError);
    expect(() => new ExpiringMap(1.5)).toThrow(RangeError);
  });
});
