import { createHash } from 'node:crypto';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import type { CodegenConfig } from '@graphql-codegen/cli';

/** The hash Apollo's `extensions.persistedQuery.sha256Hash` carries: bare lowercase hex. */
function sha256Hex(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/**
 * The web desktop's typed documents and their manifest. Paths are relative to the repository root,
 * where `npm run web-desktop:codegen` runs. The cache's possibleTypes are the gateway's own
 * (src/generated/possible-types.json), so they are not generated here.
 */
const config: CodegenConfig = {
  overwrite: true,
  schema: './schema.graphql',
  documents: ['examples/web-desktop/src/**/*.ts', '!examples/web-desktop/src/gql/**'],
  generates: {
    'examples/web-desktop/src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // `persisted-documents.json`: { "<sha256 hex>": "<document>" }, what TRUSTED_DOCUMENTS reads.
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
  },
};

export default config;
