/* global document, location, Worker */
/**
 * The playground page's script: GraphiQL against the gateway's own /graphql, subscriptions over
 * graphql-ws on the same URL. Everything it needs comes from the page's JSON config block, so
 * the page carries no inline script.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './playground.css';

/**
 * @type {{
 *   graphqlPath: string;
 *   workers: Record<string, string>;
 *   prefill?: { headers: string; tabs: { query: string; variables?: string; headers: string }[] };
 * }}
 */
const config = JSON.parse(document.getElementById('playground-config').textContent);

// Monaco's workers are bundled beside this script; without this it would try to load them itself.
globalThis.MonacoEnvironment = {
  getWorker: (_workerId, label) => new Worker(config.workers[label] ?? config.workers.editor),
};

const webSocketOrigin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
// With a subscriptionUrl the toolkit opens one graphql-ws connection per subscription and passes
// the headers editor's content as its connectionParams, so the same Authorization serves both.
const fetcher = createGraphiQLFetcher({
  url: config.graphqlPath,
  subscriptionUrl: `${webSocketOrigin}${config.graphqlPath}`,
});

const prefill = config.prefill;
createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: prefill ? 'headers' : undefined,
    defaultHeaders: prefill?.headers,
    defaultTabs: prefill?.tabs,
    // Only the demo credentials are worth keeping across reloads; an agent's own stay in memory.
    shouldPersistHeaders: prefill !== undefined,
  }),
);
