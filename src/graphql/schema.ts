import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers.js';

/** `schema.graphql` sits at the project root, two levels above both `src/graphql` and `dist/graphql`. */
const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

export function createSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readFileSync(SCHEMA_FILE, 'utf8'), resolvers });
}
