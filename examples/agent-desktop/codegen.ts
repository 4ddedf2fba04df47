import { createHash } from 'node:crypto';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import type { CodegenConfig } from '@graphql-codegen/cli';

/** The hash Apollo's `extensions.persistedQuery.sha256Hash` carries: bare lowercase hex. */
function sha256Hex(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/**
 * The example's typed documents, apart from the gateway's own codegen.yml: these are one client's
 * operations, and the gateway's types do not depend on them. Paths are relative to the repository
 * root, where `npm run example:codegen` runs.
 */
const config: CodegenConfig = {
  overwrite: true,
  schema: './schema.graphql',
  documents: ['examples/agent-desktop/src/**/*.ts', '!examples/agent-desktop/src/gql/**'],
  generates: {
    'examples/agent-desktop/src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // `persisted-documents.json`: { "<sha256 hex>": "<document>" }, the format TRUSTED_DOCUMENTS
        // reads. A function, because the preset's 'sha256' prefixes each hash with "sha256:".
        persistedDocuments: { hashAlgorithm: sha256Hex },
      },
      // Apollo Client adds __typename to every selection it sends: so must the manifest's documents.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        emitLegacyCommonJSImports: false,
        scalars: { JSONObject: 'Record<string, unknown>' },
      },
    },
    'examples/agent-desktop/src/gql/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
