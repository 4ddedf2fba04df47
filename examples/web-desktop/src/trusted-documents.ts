import { ApolloLink } from '@apollo/client';
import type { BaseHttpLink } from '@apollo/client/link/http';
import { getOperationAST, parse, type ASTNode } from 'graphql';
import manifest from './gql/persisted-documents.json' with { type: 'json' };

/** The persisted-query extension's only version. */
const PERSISTED_QUERY_VERSION = 1;

interface TrustedDocument {
  sha256Hash: string;
  text: string;
}

/** The desktop's operations by name, each as the manifest holds it (the names are unique). */
const BY_OPERATION_NAME = new Map<string, TrustedDocument>(
  Object.entries(manifest).flatMap(([sha256Hash, text]) => {
    const name = getOperationAST(parse(text))?.name?.value;
    return name ? [[name, { sha256Hash, text }]] : [];
  }),
);

const BY_HASH = new Map(
  [...BY_OPERATION_NAME.values()].map((document) => [document.sha256Hash, document]),
);

/**
 * Names each operation by its manifest hash in `extensions.persistedQuery.sha256Hash`, so that a
 * gateway whose TRUSTED_DOCUMENTS is this manifest runs it; the manifest's text goes along (see
 * {@link printTrusted}, {@link trustedPayload} and {@link trustedText}), so a gateway that runs
 * any document runs it as well.
 */
export const trustedDocumentLink = new ApolloLink((operation, forward) => {
  const trusted = operation.operationName && BY_OPERATION_NAME.get(operation.operationName);
  if (trusted) {
    operation.extensions.persistedQuery = {
      version: PERSISTED_QUERY_VERSION,
      sha256Hash: trusted.sha256Hash,
    };
  }
  return forward(operation);
});

/** The manifest's text of the operation named `operationName`, if it is one of the manifest's. */
export function trustedText(operationName: string | undefined): string | undefined {
  return operationName === undefined ? undefined : BY_OPERATION_NAME.get(operationName)?.text;
}

/** HttpLink's printer: a manifest document as the manifest's text, whose hash is the one sent. */
export const printTrusted: BaseHttpLink.Printer = (node: ASTNode, print) => {
  const name = node.kind === 'Document' ? getOperationAST(node)?.name?.value : undefined;
  return trustedText(name) ?? print(node);
};

/**
 * graphql-ws's replacer of outgoing messages: a subscribe payload naming a manifest document
 * carries the manifest's text, where GraphQLWsLink puts its own printing of the operation.
 */
export function trustedPayload(key: string, value: unknown): unknown {
  if (key !== 'payload' || typeof value !== 'object' || value === null) return value;
  const { extensions } = value as { extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
  const hash = extensions?.persistedQuery?.sha256Hash;
  const trusted = typeof hash === 'string' ? BY_HASH.get(hash) : undefined;
  return trusted ? { ...value, query: trusted.text } : value;
}
