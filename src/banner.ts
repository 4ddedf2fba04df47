/** What the embedded simulator's start prints for a person at a terminal. */
export interface BannerFacts {
  gatewayUrl: string;
  simulatorUrl: string;
  /** userName:password of each demo agent. */
  credentials: readonly string[];
  /** TRUSTED_DOCUMENTS, when set: the gateway then refuses any ad-hoc query, the hint's too. */
  trustedDocuments: string | undefined;
}

export function startBanner(facts: BannerFacts): string {
  const hint =
    facts.trustedDocuments === undefined
      ? [
          `Try: curl -s -u testname:demo -H 'content-type: application/json' \\`,
          `       -d '{"query":"{ me { userName } smsSessions { id state } }"}' ${facts.gatewayUrl}`,
        ]
      : [
          `Trusted documents only (TRUSTED_DOCUMENTS=${facts.trustedDocuments}): send an operation of`,
          '  that manifest, by its id in extensions.persistedQuery.sha256Hash or documentId, or its',
          '  exact text; any other operation is refused with PERSISTED_QUERY_NOT_ALLOWED.',
        ];
  return [
    '',
    `GraphQL gateway: ${facts.gatewayUrl}`,
    `Embedded GWS simulator: ${facts.simulatorUrl} (control API under ${facts.simulatorUrl}/simulator/)`,
    `Demo agents (Basic credentials): ${facts.credentials.join('  ')}`,
    ...hint,
    '',
  ].join('\n');
}
