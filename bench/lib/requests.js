/**
 * The query and mutation paths: the same request through the gateway and straight to the
 * simulator, each from CONCURRENCY loops for a fixed time, against a simulator and a gateway in
 * their own processes. The loops run here, in the bench's own process.
 */
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { URLSearchParams } from 'node:url';
import { performance } from 'node:perf_hooks';
import { profiled, startStack } from './stack.js';
import { latencySummary } from './stats.js';

const CONCURRENCY = 8;
const AUTHORIZATION = `Basic ${Buffer.from('load1:demo').toString('base64')}`;

/**
 * Runs `request` (resolving true when the answer is right) from CONCURRENCY loops for `seconds`:
 * successful requests per second and their latencies, the count of failed ones, and the CPU µs
 * per successful request of each of `processes` (by name), this bench process as `client`.
 */
async function load(request, seconds, processes = {}) {
  const readCpu = () => Promise.all(Object.values(processes).map((child) => child.request('cpu')));
  const cpuBefore = await readCpu();
  const clientBefore = process.cpuUsage();
  const latencies = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const startedAt = performance.now();
        if (await request().catch(() => false)) latencies.push(performance.now() - startedAt);
        else failures += 1;
      }
    }),
  );
  const clientCpu = process.cpuUsage(clientBefore);
  const cpuAfter = await readCpu();
  const used = (before, after) => after.user + after.system - before.user - before.system;
  const perRequest = (micros) => (latencies.length > 0 ? micros / latencies.length : null);
  const cpuPerRequestMicros = Object.fromEntries([
    ...Object.keys(processes).map((name, index) => [
      name,
      perRequest(used(cpuBefore[index], cpuAfter[index])),
    ]),
    ['client', perRequest(clientCpu.user + clientCpu.system)],
  ]);
  return {
    perSecond: latencies.length / seconds,
    failures,
    ...latencySummary(latencies),
    cpuPerRequestMicros,
  };
}

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION, ...headers },
    body: JSON.stringify(body),
  });
  return response.json();
}

/**
 * A GWS HTTP session for direct calls, as the gateway keeps one per agent: its cookie and CSRF
 * token, from `GET /api/v2/me`. Sent on every direct call, so the simulator's bounded session
 * table never drops it for sessions the direct calls would otherwise open.
 */
async function directSession(gwsBaseUrl) {
  const response = await fetch(`${gwsBaseUrl}/api/v2/me`, {
    headers: { authorization: AUTHORIZATION },
  });
  await response.arrayBuffer();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  const tokenHeader = response.headers.get('x-csrf-header');
  return { cookie, [tokenHeader]: response.headers.get(tokenHeader) };
}

/** The two requests of each path, through the gateway and straight to the simulator. */
function paths(url, gwsBaseUrl, sessionId, direct) {
  const sessionPath = `${gwsBaseUrl}/api/v2/me/smssessions/${sessionId}`;
  const directGet = async () => {
    const response = await fetch(sessionPath, {
      headers: { authorization: AUTHORIZATION, cookie: direct.cookie },
    });
    return (await response.json()).statusCode === 0;
  };
  return {
    query: {
      gateway: async () => {
        const body = await postJson(url, {
          query: `{ smsSession(id: "${sessionId}") { id state capabilities } }`,
        });
        return Boolean(body.data?.smsSession);
      },
      direct: directGet,
    },
    // The same query as a GraphQL GET (as Apollo Client's `useGETForQueries` sends it): the
    // client's side of the exchange then costs what the direct GET costs.
    'query (GET)': {
      gateway: async () => {
        const search = new URLSearchParams({
          query: `{ smsSession(id: "${sessionId}") { id state capabilities } }`,
        });
        const response = await fetch(`${url}?${search}`, {
          headers: { authorization: AUTHORIZATION, 'apollo-require-preflight': 'true' },
        });
        return Boolean((await response.json()).data?.smsSession);
      },
      direct: directGet,
    },
    mutation: {
      gateway: async () => {
        const body = await postJson(url, {
          query: `mutation { sendSmsMessage(id: "${sessionId}", text: "bench") { statusCode } }`,
        });
        return body.data?.sendSmsMessage.statusCode === 0;
      },
      direct: async () =>
        (await postJson(sessionPath, { operationName: 'SendMessage', text: 'bench' }, direct))
          .statusCode === 0,
    },
  };
}

/**
 * Each path against its own simulator and gateway; with `profileDir`, the gateway's CPU profile
 * of each path's measured gateway requests goes there as `<path>.cpuprofile`.
 */
export async function requestPaths({ seconds, warmUpSeconds, profileDir }) {
  const results = {};
  for (const name of ['query', 'query (GET)', 'mutation']) {
    const stack = await startStack({ agents: 1 });
    try {
      const [sessionId] = stack.sessionIds;
      const session = await directSession(stack.gwsBaseUrl);
      const { gateway, direct: straight } = paths(stack.url, stack.gwsBaseUrl, sessionId, session)[
        name
      ];
      await load(gateway, warmUpSeconds);
      await load(straight, warmUpSeconds);
      const { simulator } = stack;
      const direct = await load(straight, seconds, { simulator });
      const profileFile =
        profileDir && join(profileDir, `${name.replace(/[^\w]+/g, '-')}.cpuprofile`);
      results[name] = {
        direct,
        gateway: await profiled(stack.gateway, profileFile, () =>
          load(gateway, seconds, { gateway: stack.gateway, simulator }),
        ),
      };
    } finally {
      await stack.stop();
    }
  }
  return results;
}
