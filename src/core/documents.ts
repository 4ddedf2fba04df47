import { readFileSync } from 'node:fs';
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
import { ConfigError } from '../config/index.js';
import {
  DocumentCache,
  TrustedDocuments,
  TrustedDocumentsError,
  limitRules,
  parseOptions,
  type OperationLimits,
} from '../graphql/index.js';
import { withCode } from './results.js';

/** What a client asks to run, as graphql-ws's `subscribe` and graphql-sse's request carry it. */
export interface OperationRequest {
  query?: string | undefined;
  operationName?: string | null | undefined;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  extensions?: Readonly<Record<string, unknown>> | null | undefined;
  /** A persisted document's id (GraphQL over HTTP), where the protocol passes it on. */
  documentId?: unknown;
}

/** An operation that passed the gateway's checks, ready for graphql-js. */
export interface PreparedOperation {
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | undefined;
}

/**
 * The documents every transport runs: parsed with one set of options, validated with one list of
 * rules (graphql-js's and the operation limits), each parsed once (the cache Apollo Server shares);
 * with TRUSTED_DOCUMENTS, only those of the manifest.
 */
export class Documents {
  readonly parseOptions: ParseOptions;
  /** The rules added to graphql-js's own. */
  readonly validationRules: ValidationRule[];
  readonly cache = new DocumentCache();
  /** The only documents that run, when TRUSTED_DOCUMENTS is set. */
  readonly trusted: TrustedDocuments | undefined;

  /** @throws ConfigError when the TRUSTED_DOCUMENTS manifest cannot be used. */
  constructor(
    private readonly schema: GraphQLSchema,
    limits: OperationLimits,
    trustedDocumentsPath: string | undefined,
  ) {
    this.parseOptions = parseOptions(limits);
    this.validationRules = limitRules(limits);
    this.trusted =
      trustedDocumentsPath === undefined ? undefined : this.loadTrusted(trustedDocumentsPath);
  }

  /**
   * A streaming transport's operation, parsed and validated once per distinct document; with
   * TRUSTED_DOCUMENTS, the trusted document it names instead.
   * @returns the operation, or the errors that refuse it.
   */
  prepare(request: OperationRequest): PreparedOperation | GraphQLError[] {
    const prepared = (document: DocumentNode): PreparedOperation => ({
      document,
      operationName: request.operationName ?? undefined,
      variableValues: request.variables ? { ...request.variables } : undefined,
    });
    if (this.trusted) {
      // Parsed and validated when the manifest was read.
      const trusted = this.trusted.resolve(request);
      return trusted instanceof GraphQLError ? [trusted] : prepared(trusted.document);
    }
    const query = request.query ?? '';
    const key = DocumentCache.documentKey(query);
    let document = this.cache.lookup(key);
    if (!document) {
      try {
        document = parse(query, this.parseOptions);
      } catch (error) {
        return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
      }
      const invalid = validate(this.schema, document, [...specifiedRules, ...this.validationRules]);
      if (invalid.length > 0) {
        return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
      }
      this.cache.store(key, document);
    }
    return prepared(document);
  }

  /** Reads and checks the manifest of trusted documents; a start error names TRUSTED_DOCUMENTS. */
  private loadTrusted(path: string): TrustedDocuments {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        'TRUSTED_DOCUMENTS',
        `must name a readable JSON file (${String(error)}).`,
      );
    }
    try {
      return TrustedDocuments.fromManifest(manifest, {
        schema: this.schema,
        rules: this.validationRules,
        parseOptions: this.parseOptions,
      });
    } catch (error) {
      if (!(error instanceof TrustedDocumentsError)) throw error;
      throw new ConfigError('TRUSTED_DOCUMENTS', `${path}: ${error.message}`);
    }
  }
}
