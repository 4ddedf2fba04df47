import { createHash } from 'node:crypto';
import {
  GraphQLError,
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

/** One document of the manifest, parsed and validated when the manifest was read. */
export interface TrustedDocument {
  text: string;
  document: DocumentNode;
}

/** What a request names its operation by: a document, or the hash of a persisted one. */
export interface DocumentRequest {
  query?: string | null | undefined;
  extensions?: Readonly<Record<string, unknown>> | null | undefined;
}

/** A manifest that cannot be used; the message names the entry. */
export class TrustedDocumentsError extends Error {
  override readonly name = 'TrustedDocumentsError';
}

/**
 * The only documents the gateway runs when a manifest is given (codegen client-preset's
 * `persistedDocuments` format: `{ "<sha256 hex>": "<document>" }`). An operation names one by its
 * hash in `extensions.persistedQuery.sha256Hash`, its text then optional; or sends the text of one
 * whole. Anything else is refused before it is parsed.
 */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, TrustedDocument>) {}

  /**
   * Checks every entry (its key is the sha256 of its document, which parses and validates against
   * the schema with the given rules) and keeps them parsed.
   * @throws TrustedDocumentsError naming the first entry that is not usable.
   */
  static fromManifest(
    manifest: unknown,
    {
      schema,
      rules,
      parseOptions,
    }: { schema: GraphQLSchema; rules: readonly ValidationRule[]; parseOptions: ParseOptions },
  ): TrustedDocuments {
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new TrustedDocumentsError('must hold a JSON object of sha256 hashes to documents.');
    }
    const entries = Object.entries(manifest);
    if (entries.length > MAX_TRUSTED_DOCUMENTS) {
      throw new TrustedDocumentsError(`holds more than ${MAX_TRUSTED_DOCUMENTS} documents.`);
    }
    const byHash = new Map<string, TrustedDocument>();
    for (const [hash, text] of entries) {
      if (typeof text !== 'string' || !SHA256_HEX.test(hash) || sha256(text) !== hash) {
        throw new TrustedDocumentsError(
          `entry "${hash}" is not the lowercase sha256 hex of its document.`,
        );
      }
      let document: DocumentNode;
      try {
        document = parse(text, parseOptions);
      } catch (error) {
        throw new TrustedDocumentsError(`document ${hash} does not parse: ${String(error)}`);
      }
      const [invalid] = validate(schema, document, [...specifiedRules, ...rules]);
      if (invalid) {
        throw new TrustedDocumentsError(`document ${hash} is not valid: ${invalid.message}`);
      }
      byHash.set(hash, { text, document });
    }
    return new TrustedDocuments(byHash);
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The trusted document the request names, or the BAD_USER_INPUT error refusing it. */
  resolve({ query, extensions }: DocumentRequest): TrustedDocument | GraphQLError {
    const hash = persistedQueryHash(extensions);
    const found =
      hash !== undefined
        ? this.byHash.get(hash)
        : query
          ? this.byHash.get(sha256(query))
          : undefined;
    // A text sent beside a hash must be that document's.
    if (!found || (hash !== undefined && query && query !== found.text)) return notTrusted();
    return found;
  }
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
    'Only trusted documents run here: send the sha256Hash of a document of the deployed app in extensions.persistedQuery.',
    { extensions: { code: ErrorCode.BadUserInput, reason: NOT_TRUSTED_REASON } },
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
