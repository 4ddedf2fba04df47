import { DEFAULT_DIALECT, OPPOSITE_DIALECT, type GwsDialect } from '../../simulator/index.js';

/**
 * The GWS dialects that suites depending on what GWS's documentation leaves open run against: the
 * simulator's default reading, and every switch flipped at once. A guess the gateway makes then
 * fails a test where it is wrong, instead of being shared with the simulator.
 */
export const DIALECTS: readonly (readonly [name: string, dialect: GwsDialect])[] = [
  ['default', DEFAULT_DIALECT],
  ['opposite', OPPOSITE_DIALECT],
];
