import { DirectoryCache, personLink } from '../../src/graphql/directory.js';

describe('DirectoryCache', () => {
  it('keeps each agent’s answers apart', () => {
    const cache = new DirectoryCache({ maxEntries: 10, maxBytes: 10_000, ttlMs: 60_000 });
    cache.set('agent-a', 'queues', []);
    expect(cache.get('agent-a', 'queues')).toEqual([]);
    expect(cache.get('agent-b', 'queues')).toBeUndefined();
  });

  it('is bounded in entries and in bytes: an answer past a tenth of them is not kept', () => {
    const cache = new DirectoryCache({ maxEntries: 2, maxBytes: 10_000, ttlMs: 60_000 });
    for (const id of ['c1', 'c2', 'c3']) cache.set('agent', `contact ${id}`, { id });
    expect(cache.get('agent', 'contact c1')).toBeUndefined();
    expect(cache.get('agent', 'contact c3')).toEqual({ id: 'c3' });
    const large = { contacts: [{ id: 'c', name: 'x'.repeat(2_000) }], totalCount: 1 };
    cache.set('agent', 'search large', large);
    expect(cache.get('agent', 'search large')).toBeUndefined();
  });
});

it('DirectoryCache keeps nothing with a time to live of 0', () => {
  const cache = new DirectoryCache({ maxEntries: 10, maxBytes: 10_000, ttlMs: 0 });
  cache.set('agent', 'queues', []);
  expect(cache.get('agent', 'queues')).toBeUndefined();
});

describe('personLink', () => {
  it('reads a user or contact link from the path, else the uri', () => {
    expect(personLink({ path: '/users/u1', uri: 'http://gws/api/v2/users/u2' })).toEqual({
      kind: 'users',
      id: 'u1',
    });
    expect(personLink({ path: null, uri: 'http://gws:8080/api/v2/contacts/c9?x=1' })).toEqual({
      kind: 'contacts',
      id: 'c9',
    });
  });

  it('links nothing else', () => {
    for (const link of ['/queues/q1', '/users/../me', '/users/', 'users', '/smssessions/1']) {
      expect(personLink({ path: link })).toBeUndefined();
    }
    expect(personLink({})).toBeUndefined();
  });
});
