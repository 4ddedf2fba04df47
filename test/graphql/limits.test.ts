import { buildSchema, parse, specifiedRules, validate, getIntrospectionQuery } from 'graphql';
import { ExecutionBudget, approximateJsonBytes } from '../../src/graphql/budget.js';
import { limitRules, parseOptions, type OperationLimits } from '../../src/graphql/limits.js';

const schema = buildSchema(`
  type Query { a: A  b(x: Int): Int }
  type A { a: A  b(x: Int): Int }
  type Mutation { m(x: Int): Int }
`);

const LIMITS: OperationLimits = {
  maxDepth: 3,
  maxAliases: 2,
  maxRootFields: 3,
  maxMutationFields: 1,
  maxDirectives: 1,
  maxTokens: 1_000,
  introspection: true,
};

function refusals(query: string, limits: OperationLimits = LIMITS) {
  const errors = validate(schema, parse(query, parseOptions(limits)), [
    ...specifiedRules,
    ...limitRules(limits),
  ]);
  return errors.map((error) => error.extensions);
}

describe('operation limits', () => {
  it.each([
    ['depth', '{ a { a { a { b } } } }'],
    ['depth', 'query { ...F } fragment F on Query { a { a { a { b } } } }'],
    ['aliases', '{ x: b y: b z: b }'],
    [
      'aliases',
      '{ ...F ...G } fragment F on Query { x: b(x: 1) y: b(x: 2) } fragment G on Query { z: b(x: 3) }',
    ],
    ['rootFields', '{ b a { b } x: b(x: 1) y: b(x: 2) }'],
    ['rootFields', 'mutation { m x: m(x: 1) }'],
    ['directives', '{ b @include(if: true) a @skip(if: false) { b } }'],
  ])('refuses an operation past its %s limit with QUERY_TOO_COMPLEX', (limit, query) => {
    expect(refusals(query)).toEqual([
      { code: 'QUERY_TOO_COMPLEX', limit, max: expect.any(Number) },
    ]);
  });

  it('accepts what fits, and a fragment used twice counts twice', () => {
    expect(refusals('{ a { a { b } } x: b(x: 1) __typename }')).toEqual([]);
    expect(
      refusals(
        '{ ...F a { ...F } } fragment F on Query { x: b(x: 1) }'.replace('a { ...F }', 'a { b }'),
      ),
    ).toEqual([]);
    expect(
      refusals(
        '{ ...F ...F2 } fragment F on Query { x: b(x: 1) } fragment F2 on Query { ...F y: b }',
      ),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 2 }]);
  });

  it('measures fragments that spread each other exponentially in bounded work', () => {
    const levels = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on A { a { ...F${i + 1} } ...F${i + 1} }`,
    );
    const query = `{ a { ...F0 } } ${levels.join(' ')} fragment F30 on A { b }`;
    expect(refusals(query, { ...LIMITS, maxDepth: 100 })).toEqual([
      { code: 'QUERY_TOO_COMPLEX', limit: 'selections', max: 10_000 },
    ]);
  });

  it('answers introspection, deep as it is, unless it is turned off', () => {
    expect(refusals(getIntrospectionQuery(), { ...LIMITS, maxTokens: 10_000 })).toEqual([]);
    const off = refusals('{ __schema { types { name } } }', { ...LIMITS, introspection: false });
    expect(off.length).toBeGreaterThan(0);
  });

  it('counts aliases inside introspection, which would multiply its response', () => {
    expect(
      refusals('{ __schema { x: types { name } y: types { name } z: types { name } } }'),
    ).toEqual([{ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 2 }]);
    expect(refusals('{ __type(name: "A") { x: fields { n: name } } }')).toEqual([]);
  });

  it('parses no further than the token limit', () => {
    expect(() => parse('{ b b b b b b }', parseOptions({ ...LIMITS, maxTokens: 4 }))).toThrow(
      /tokens/,
    );
  });
});

describe('execution budget', () => {
  it('counts upstream calls and refuses every one past the limit, a batch whole', () => {
    const budget = new ExecutionBudget({ maxUpstreamCalls: 2, maxResponseBytes: 1_000 });
    budget.chargeUpstreamCalls();
    budget.chargeUpstreamCalls();
    expect(() => budget.chargeUpstreamCalls()).toThrow(
      expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX' } }),
    );
    expect(() => budget.chargeResponse('small')).toThrow();
    expect(budget.settle({ data: { partial: true } })).toEqual({
      data: null,
      errors: [expect.objectContaining({ extensions: { code: 'QUERY_TOO_COMPLEX' } })],
    });
    budget.startOver();
    expect(budget.chargeResponse('small')).toBe('small');
    expect(() => budget.chargeUpstreamCalls(3)).toThrow();
  });

  it('refuses a response past its size, measuring no further than the limit', () => {
    const budget = new ExecutionBudget({ maxUpstreamCalls: 2, maxResponseBytes: 1_000 });
    expect(budget.chargeResponse({ text: 'x'.repeat(500) })).toBeDefined();
    expect(() => budget.chargeResponse([{ text: 'x'.repeat(500) }])).toThrow(
      expect.objectContaining({ extensions: { code: 'RESPONSE_TOO_LARGE' } }),
    );
    const huge = Array.from({ length: 100_000 }, () => ({ text: 'x'.repeat(100) }));
    expect(approximateJsonBytes(huge, 1_000)).toBeLessThan(2_000);
    expect(approximateJsonBytes({ a: 'é', b: [1, null] }, 1_000)).toBeGreaterThanOrEqual(
      JSON.stringify({ a: 'é', b: [1, null] }).length - 4,
    );
  });
});
