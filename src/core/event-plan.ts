import {
  defaultTypeResolver,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';

/**
 * A subscription's selection set made once into what completes an event the way graphql-js's
 * `execute` does, for selections whose fields below the root all read the event's own properties
 * (no resolvers): most of an event's cost for a group of one or two subscribers is otherwise
 * graphql-js setting up and walking the execution.
 *
 * It gives the very result `execute` would, or nothing: a value `execute` would answer with an
 * error (a null where the schema forbids one, a leaf it cannot serialize, a type it cannot
 * resolve) is left to `execute`, which then calls the root field's resolver once more.
 *
 * Fields are collected by graphql-js's own `collectFields` and `collectSubfields`, which it marks
 * internal, so that fragments, aliases and `@skip`/`@include` merge exactly as `execute` merges
 * them; test/core/event-plan.test.ts compares the two results for each kind of selection, so a
 * graphql-js release that changes them fails there.
 */
export interface EventPlan {
  /** The event's result, or undefined where `execute` is to make it. */
  execute(event: object, contextValue: unknown): ExecutionResult | undefined;
}

/** What one event's completion runs with: an abstract type's resolveType is given them. */
interface Scope {
  readonly contextValue: unknown;
  readonly info: GraphQLResolveInfo;
}

/** What completes one value as `execute` does; throws where `execute` is to make the result. */
type Completion = (value: unknown, scope: Scope) => unknown;

/** Thrown where a value is left to `execute`. */
class GiveUp extends Error {
  constructor() {
    super('left to execute');
  }
}

/** The plan of the subscription, or undefined when its selections need `execute`. */
export function planEvents(args: ExecutionArgs): EventPlan | undefined {
  const { schema, document, operationName, fieldResolver, typeResolver } = args;
  if (fieldResolver || typeResolver) return undefined;
  const operation = getOperationAST(document, operationName);
  const rootType = schema.getSubscriptionType();
  if (operation?.operation !== 'subscription' || !rootType) return undefined;
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    args.variableValues ?? {},
  );
  if (coerced.errors) return undefined;
  const variableValues = coerced.coerced;
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null) as Record<
    string,
    FragmentDefinitionNode
  >;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition;
    }
  }
  const selection: SelectionPlanner = { schema, fragments, variableValues };
  const rootFields = collectFields(
    schema,
    fragments,
    variableValues,
    rootType,
    operation.selectionSet,
  );
  const [root, ...others] = rootFields;
  if (!root || others.length > 0) return undefined;
  const [responseKey, fieldNodes] = root;
  const [fieldNode] = fieldNodes;
  const field = fieldNode && rootType.getFields()[fieldNode.name.value];
  if (!field) return undefined;
  let rootArgs: Record<string, unknown>;
  try {
    rootArgs = getArgumentValues(field, fieldNode, variableValues);
  } catch {
    return undefined;
  }
  const info: Omit<GraphQLResolveInfo, 'rootValue'> = {
    fieldName: field.name,
    fieldNodes,
    returnType: field.type,
    parentType: rootType,
    path: { prev: undefined, key: responseKey, typename: rootType.name },
    schema,
    fragments,
    operation,
    variableValues,
  };
  const complete = completion(selection, field.type, fieldNodes, true);
  if (!complete) return undefined;
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? propertyOf(field.name);
  return {
    execute(event, contextValue) {
      const scope = { contextValue, info: { ...info, rootValue: event } };
      try {
        const value = resolve(event, rootArgs, contextValue, scope.info);
        if (isThenable(value)) return undefined;
        const data = Object.create(null) as Record<string, unknown>;
        data[responseKey] = complete(value, scope);
        return { data };
      } catch {
        // An error `execute` reports in the result, or a value left to it: it makes the result.
        return undefined;
      }
    },
  };
}

interface SelectionPlanner {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variableValues: Record<string, unknown>;
}

/**
 * What completes a value of `type` selected by `fieldNodes`, or undefined when a field of the
 * selection has a resolver (or its type checks its values itself).
 * @param atRoot whether this is the root field's value: an abstract type is resolved only there,
 *   where the info its resolveType is given is the root field's
 */
function completion(
  planner: SelectionPlanner,
  type: GraphQLOutputType,
  fieldNodes: readonly FieldNode[],
  atRoot: boolean,
): Completion | undefined {
  if (isNonNullType(type)) {
    const inner = completion(planner, type.ofType, fieldNodes, atRoot);
    return (
      inner &&
      ((value, scope) => {
        if (value === null || value === undefined) throw new GiveUp();
        return inner(value, scope);
      })
    );
  }
  if (isListType(type)) {
    const item = completion(planner, type.ofType, fieldNodes, false);
    return (
      item &&
      nullable((value, scope) => {
        if (!Array.isArray(value)) throw new GiveUp();
        return value.map((entry) => item(entry, scope));
      })
    );
  }
  if (isLeafType(type)) {
    return nullable((value) => {
      let serialized: unknown;
      try {
        serialized = type.serialize(value);
      } catch {
        throw new GiveUp();
      }
      if (serialized === undefined) throw new GiveUp();
      return serialized;
    });
  }
  if (isObjectType(type)) return objectCompletion(planner, type, fieldNodes);
  if (!isAbstractType(type) || !atRoot) return undefined;
  const byType = new Map<string, Completion>();
  for (const possible of planner.schema.getPossibleTypes(type)) {
    const complete = objectCompletion(planner, possible, fieldNodes);
    if (!complete) return undefined;
    byType.set(possible.name, complete);
  }
  const resolveType = type.resolveType ?? defaultTypeResolver;
  return nullable((value, scope) => {
    const typeName = resolveType(value, scope.contextValue, scope.info, type);
    const complete = typeof typeName === 'string' ? byType.get(typeName) : undefined;
    if (!complete) throw new GiveUp();
    return complete(value, scope);
  });
}

/** A completion that passes null (and undefined, as `execute` does) on as null. */
function nullable(complete: Completion): Completion {
  return (value, scope) => (value === null || value === undefined ? null : complete(value, scope));
}

function objectCompletion(
  planner: SelectionPlanner,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
): Completion | undefined {
  if (type.isTypeOf) return undefined;
  const { schema, fragments, variableValues } = planner;
  const fields: [key: string, read: Completion][] = [];
  for (const [key, nodes] of collectSubfields(
    schema,
    fragments,
    variableValues,
    type,
    fieldNodes,
  )) {
    const name = nodes[0]?.name.value;
    if (name === '__typename') {
      const typeName = type.name;
      fields.push([key, () => typeName]);
      continue;
    }
    const field = name === undefined ? undefined : type.getFields()[name];
    if (!field || field.resolve) return undefined;
    const complete = completion(planner, field.type, nodes, false);
    if (!complete) return undefined;
    const read = propertyOf(field.name);
    fields.push([key, (source, scope) => complete(read(source), scope)]);
  }
  return nullable((source, scope) => {
    const result = Object.create(null) as Record<string, unknown>;
    for (const [key, read] of fields) result[key] = read(source, scope);
    return result;
  });
}

/** graphql-js's default field resolver, but a method is left to `execute`. */
function propertyOf(name: string): (source: unknown) => unknown {
  return (source) => {
    if ((typeof source !== 'object' || source === null) && typeof source !== 'function') {
      return undefined;
    }
    const property = (source as Record<string, unknown>)[name];
    if (typeof property === 'function') throw new GiveUp();
    return property;
  };
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
