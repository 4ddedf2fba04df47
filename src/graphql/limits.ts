import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ASTVisitor,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode, LIMIT_EXTENSION } from './errors.js';

/** What one operation may ask for; checked before anything runs, the same on every transport. */
export interface OperationLimits {
  /** The deepest field nesting (a root field is at depth 1); introspection is not counted. */
  maxDepth: number;
  /** Aliases in the operation, fragments expanded where they are used. */
  maxAliases: number;
  /** Root fields of a query. */
  maxRootFields: number;
  /** Root fields of a mutation: each is an action upstream, such as a message to a customer. */
  maxMutationFields: number;
  /** Directives in the operation, fragments expanded. */
  maxDirectives: number;
  /** Lexical tokens of the whole document; a longer one is not parsed. */
  maxTokens: number;
  /** Whether `__schema` and `__type` may be asked. */
  introspection: boolean;
}

/**
 * Selections walked (fragments expanded) before an operation counts as too complex: bounds the
 * work of measuring a document whose fragments spread each other many times over.
 */
const MAX_EXPANDED_SELECTIONS = 10_000;

type LimitName = 'depth' | 'aliases' | 'rootFields' | 'directives' | 'selections';

/** The error for a limit the operation passed. */
function tooComplex(limit: LimitName, max: number, what: string): GraphQLError {
  return new GraphQLError(`The operation has more than ${max} ${what}.`, {
    extensions: { code: ErrorCode.QueryTooComplex, [LIMIT_EXTENSION]: limit, max },
  });
}

interface Measure {
  depth: number;
  aliases: number;
  directives: number;
  rootFields: number;
  selections: number;
}

function measure(context: ValidationContext, operation: OperationDefinitionNode): Measure {
  const total: Measure = {
    depth: 0,
    aliases: 0,
    directives: operation.directives?.length ?? 0,
    rootFields: 0,
    selections: 0,
  };
  /** `depth` is undefined inside introspection, which is answered from the schema in memory: its
   * depth costs nothing upstream, but its aliases and selections multiply the response all the same. */
  const walk = (
    set: SelectionSetNode,
    depth: number | undefined,
    spreading: ReadonlySet<string>,
  ): void => {
    for (const selection of set.selections) {
      if (++total.selections > MAX_EXPANDED_SELECTIONS) return;
      total.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (depth === 1 && selection.name.value !== '__typename') total.rootFields += 1;
        if (selection.alias) total.aliases += 1;
        const inIntrospection = depth === undefined || selection.name.value.startsWith('__');
        if (!inIntrospection) total.depth = Math.max(total.depth, depth);
        if (selection.selectionSet) {
          walk(selection.selectionSet, inIntrospection ? undefined : depth + 1, spreading);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, spreading);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        // Unknown and cyclic fragments are reported by graphql-js's own rules.
        if (!fragment || spreading.has(name)) continue;
        total.directives += fragment.directives?.length ?? 0;
        walk(fragment.selectionSet, depth, new Set(spreading).add(name));
      }
    }
  };
  walk(operation.selectionSet, 1, new Set());
  return total;
}

/** Refuses an operation past any of the limits, with one `QUERY_TOO_COMPLEX` error. */
function operationCostRule(limits: OperationLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const cost = measure(context, operation);
      const maxRootFields =
        operation.operation === 'mutation' ? limits.maxMutationFields : limits.maxRootFields;
      const checks: [LimitName, number, number, string][] = [
        ['selections', cost.selections, MAX_EXPANDED_SELECTIONS, 'selections, fragments expanded'],
        ['depth', cost.depth, limits.maxDepth, 'levels of nested fields'],
        ['aliases', cost.aliases, limits.maxAliases, 'aliases'],
        ['rootFields', cost.rootFields, maxRootFields, `root fields in one ${operation.operation}`],
        ['directives', cost.directives, limits.maxDirectives, 'directives'],
      ];
      const passed = checks.find(([, value, max]) => value > max);
      if (passed) context.reportError(tooComplex(passed[0], passed[2], passed[3]));
      return false;
    },
  });
}

/** The validation rules every transport adds to graphql-js's own. */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    operationCostRule(limits),
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

/** How every transport parses: a document past the token limit is refused as it is read. */
export function parseOptions(limits: OperationLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}
