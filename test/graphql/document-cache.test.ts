import { parse } from 'graphql';
import { DocumentCache, MAX_CACHED_DOCUMENT_CHARS } from '../../src/graphql/document-cache.js';

describe('DocumentCache', () => {
  it('keeps the most recently used documents up to its bound, evicting the least recently used', async () => {
    const cache = new DocumentCache(2);
    const [a, b, c] = ['{ a }', '{ b }', '{ c }'].map((query) => parse(query));
    cache.store('a', a!);
    cache.store('b', b!);
    expect(cache.lookup('a')).toBe(a);
    cache.store('c', c!);
    expect(cache.size).toBe(2);
    expect(cache.lookup('b')).toBeUndefined();
    expect(cache.lookup('a')).toBe(a);
    expect(await cache.get('c')).toBe(c);
  });

  it('serves Apollo Server as its document store', async () => {
    const cache = new DocumentCache();
    const document = parse('{ a }');
    await cache.set('hash', document);
    expect(await cache.get('hash')).toBe(document);
    expect(await cache.delete('hash')).toBe(true);
    expect(await cache.get('hash')).toBeUndefined();
  });

  it('does not keep a document whose source is longer than the bound, so its memory stays bounded', async () => {
    const cache = new DocumentCache();
    const padding = 'x'.repeat(MAX_CACHED_DOCUMENT_CHARS);
    const long = parse(`{ a(text: "${padding}") }`);
    await cache.set('long', long);
    expect(await cache.get('long')).toBeUndefined();
    const atTheBound = parse(`{ a(text: "${padding.slice(0, MAX_CACHED_DOCUMENT_CHARS - 15)}") }`);
    await cache.set('short', atTheBound);
    expect(await cache.get('short')).toBe(atTheBound);
    expect(cache.size).toBe(1);
  });
});
