import { createHash } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { ErrorCode, NOT_TRUSTED_REASON } from './errors.js';

/**
 * The most documents a manifest may hold: every one is kept parsed in memory for the life of the
 * process, so the manifest bounds that memory.
 */
export const MAX_TRUSTED_DOCUMENTS = 10_000;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The prefix the GraphQL-over-HTTP persisted-documents convention (and codegen's client-preset) puts on sha256 ids. */
const SHA256_PREFIX = 'sha256:';

/** What Apollo's `generate-persisted-query-manifest` writes in `format`. */
const APOLLO_MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

/** The longest operation id an Apollo manifest may give (its default ids are 64 hex digits). */
const MAX_OPERATION_ID_LENGTH = 256;

const OPERATION_TYPES: ReadonlySet<string> = new Set(['query', 'mutation', 'subscription']);

/** One document of the manifest, parsed and validated when the manifest was read. */
export interface TrustedDocument {
  text: string;
  document: DocumentNode;
}

/**
 * What a request names its operation by: a document, the hash of a persisted one
 * (`extensions.persistedQuery.sha256Hash`, Apollo's convention), or its id (`documentId`, the
 * GraphQL-over-HTTP convention, with or without `sha256:`).
 */
export interface DocumentRequest {
  query?: string | null | undefined;
  extensions?: Readonly<Record<string, unknown>> | null | undefined;
  documentId?: unknown;
}

/** A manifest that cannot be used; the message names the entry. */
export class TrustedDocumentsError extends Error {
  override readonly name = 'TrustedDocumentsError';
}

/** How the manifest was read: its entries as id → document text, before any is checked. */
interface ManifestEntry {
  /** What requests name the document by. */
  id: string;
  text: string;
  /** Where the entry is, for a message. */
  label: string;
  /** Apollo's manifest states each operation's name and type; the document must agree. */
  operation?: { name: unknown; type: unknown };
}

interface Checks {
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  parseOptions: ParseOptions;
}

/**
 * The only documents the gateway runs when a manifest is given. Three manifest formats are read:
 * - a plain map `{ "<sha256 hex>": "<document>" }`;
 * - codegen client-preset's `persisted-documents.json`, the same map whose keys may carry `sha256:`;
 * - Apollo's `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations":
 *   [{ "id", "name", "type", "body" }] }`, whose ids Apollo Client sends as the hash.
 * An operation names one by its id in `extensions.persistedQuery.sha256Hash` or `documentId`, its
 * text then optional; or sends the text of one whole. Anything else is refused before it is parsed.
 */
export class TrustedDocuments {
  private constructor(
    private readonly byId: ReadonlyMap<string, TrustedDocument>,
    /** By the sha256 of the text, for a request sending a whole document. */
    private readonly byTextHash: ReadonlyMap<string, TrustedDocument>,
  ) {}

  /**
   * Checks every entry (a map's key is the sha256 of its document; every document parses and
   * validates against the schema with the given rules) and keeps them parsed.
   * @throws TrustedDocumentsError naming the first entry that is not usable.
   */
  static fromManifest(manifest: unknown, checks: Checks): TrustedDocuments {
    const entries = manifestEntries(manifest);
    if (entries.length > MAX_TRUSTED_DOCUMENTS) {
      throw new TrustedDocumentsError(`holds more than ${MAX_TRUSTED_DOCUMENTS} documents.`);
    }
    const byId = new Map<string, TrustedDocument>();
    const byTextHash = new Map<string, TrustedDocument>();
    for (const entry of entries) {
      if (byId.has(entry.id)) {
        throw new TrustedDocumentsError(`${entry.label}: the id "${entry.id}" is given twice.`);
      }
      const trusted = { text: entry.text, document: checkedDocument(entry, checks) };
      byId.set(entry.id, trusted);
      byTextHash.set(sha256(entry.text), trusted);
    }
    return new TrustedDocuments(byId, byTextHash);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The trusted document the request names, or the BAD_USER_INPUT error refusing it. */
  resolve({ query, extensions, documentId }: DocumentRequest): TrustedDocument | GraphQLError {
    const named = persistedQueryHash(extensions) ?? documentId;
    const id = typeof named === 'string' ? withoutSha256Prefix(named) : undefined;
    const found =
      id !== undefined ? this.byId.get(id) : query ? this.byTextHash.get(sha256(query)) : undefined;
    // A text sent beside an id must be that document's.
    if (!found || (id !== undefined && query && query !== found.text)) return notTrusted();
    return found;
  }
}

/** The entries of a manifest in any of the formats read, unchecked but for their shape. */
function manifestEntries(manifest: unknown): ManifestEntry[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new TrustedDocumentsError(
      `must hold a JSON object: sha256 hashes to documents, or Apollo's ${APOLLO_MANIFEST_FORMAT}.`,
    );
  }
  if ('format' in manifest) return apolloEntries(manifest as Record<string, unknown>);
  return Object.entries(manifest).map(([key, text]) => {
    const hash = withoutSha256Prefix(key);
    if (typeof text !== 'string' || !SHA256_HEX.test(hash) || sha256(text) !== hash) {
      throw new TrustedDocumentsError(
        `entry "${key}" is not the lowercase sha256 hex of its document.`,
      );
    }
    return { id: hash, text, label: `document ${key}` };
  });
}

function apolloEntries({ format, version, operations }: Record<string, unknown>): ManifestEntry[] {
  if (format !== APOLLO_MANIFEST_FORMAT || version !== 1) {
    throw new TrustedDocumentsError(
      `has the format ${JSON.stringify(format)} version ${JSON.stringify(version)}; the one read is "${APOLLO_MANIFEST_FORMAT}" version 1.`,
    );
  }
  if (!Array.isArray(operations)) {
    throw new TrustedDocumentsError('must hold an "operations" array.');
  }
  return operations.map((operation: unknown, index) => {
    const { id, body, name, type } = (
      typeof operation === 'object' && operation !== null ? operation : {}
    ) as Record<string, unknown>;
    const label = `operation ${index}`;
    if (
      typeof id !== 'string' ||
      id === '' ||
      id.length > MAX_OPERATION_ID_LENGTH ||
      typeof body !== 'string'
    ) {
      throw new TrustedDocumentsError(
        `${label} must have a string "id" (at most ${MAX_OPERATION_ID_LENGTH} characters) and "body".`,
      );
    }
    return {
      id: withoutSha256Prefix(id),
      text: body,
      label: `${label} (${id})`,
      operation: { name, type },
    };
  });
}

/** The entry's document, parsed and validated; it must be the operation an Apollo entry states. */
function checkedDocument(entry: ManifestEntry, { schema, rules, parseOptions }: Checks) {
  let document: DocumentNode;
  try {
    document = parse(entry.text, parseOptions);
  } catch (error) {
    throw new TrustedDocumentsError(`${entry.label} does not parse: ${String(error)}`);
  }
  const [invalid] = validate(schema, document, [...specifiedRules, ...rules]);
  if (invalid) {
    throw new TrustedDocumentsError(`${entry.label} is not valid: ${invalid.message}`);
  }
  if (entry.operation) {
    const { name, type } = entry.operation;
    const stated = document.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.name?.value === name &&
        definition.operation === type,
    );
    if (!OPERATION_TYPES.has(String(type)) || !stated) {
      throw new TrustedDocumentsError(
        `${entry.label} does not hold the ${String(type)} named ${String(name)} that it states.`,
      );
    }
  }
  return document;
}

/**
 * An id as the manifest and requests are matched by: `sha256:<hex>` (the GraphQL-over-HTTP
 * convention, and client-preset's hashes by default) and `<hex>` name one document.
 */
function withoutSha256Prefix(id: string): string {
  return id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : id;
}

/** `extensions.persistedQuery.sha256Hash`, when the request carries one. */
function persistedQueryHash(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): string | undefined {
  const persisted = extensions?.persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return undefined;
  const { sha256Hash } = persisted as { sha256Hash?: unknown };
  return typeof sha256Hash === 'string' ? sha256Hash : undefined;
}

function notTrusted(): GraphQLError {
  return new GraphQLError(
    'Only trusted documents run here: send the id of a document of the deployed app (extensions.persistedQuery.sha256Hash or documentId).',
    { extensions: { code: ErrorCode.BadUserInput, reason: NOT_TRUSTED_REASON } },
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
