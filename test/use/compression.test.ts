import { negotiateEncoding } from '../../src/use/compression.js';

describe('negotiateEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['gzip;q=0.8, br;q=0.8', 'br'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['GZIP', 'gzip'],
  ])('picks from %s: %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it.each([undefined, '', 'identity', 'deflate', 'gzip;q=0, br;q=0', 'br;q=x'])(
    'sends the body as it is for %s',
    (header) => {
      expect(negotiateEncoding(header)).toBeUndefined();
    },
  );
});
