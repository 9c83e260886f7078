import { httpLoad, type Percentiles, percentiles as summarise } from '../support.ts';
import { type Cast, PER_CONVERSATION, QUICK } from './data.ts';

// Per HTTP scenario and pass: enough for a steady state (V8's optimised code, PostgreSQL's buffers) and a stable p95.
const HTTP_REQUESTS = QUICK ? 200 : 3_000;
const HTTP_CONCURRENCY = 4;

async function httpLatencies(
  port: number,
  requests: { path: string; token: string }[],
): Promise<Percentiles & { rps: number; errors: number }> {
  let next = 0;
  const { latencies, errors, seconds } = await httpLoad({
    url: `http://127.0.0.1:${port}`,
    connections: HTTP_CONCURRENCY,
    amount: requests.length,
    requests: () => {
      const { path: p, token } = requests[next++ % requests.length]!;
      return { path: p, headers: { authorization: `Bearer ${token}` } };
    },
  });
  return { ...summarise(latencies), rps: Math.round(requests.length / seconds), errors };
}

/**
 * History pages and French full-text search over the whole history through the HTTP API. Each scenario runs once
 * unmeasured with other random picks first: the steady state of a running server (connections, plans, buffers in use).
 */
export async function httpScenarios(
  port: number,
  cast: Cast,
  clientTokens: string[],
  expertTokens: string[],
  adminToken: string,
) {
  const random = (n: number) => Math.floor(Math.random() * n);
  const measured = async (requests: () => { path: string; token: string }[]) => {
    await httpLatencies(port, requests());
    return httpLatencies(port, requests());
  };
  const history = await measured(() =>
    Array.from({ length: HTTP_REQUESTS }, (_, i) => {
      const c = cast[random(cast.length)]!;
      const before = 50 + random(PER_CONVERSATION - 50);
      return {
        path: `/api/conversations/${c.conversationId}/messages?limit=50${i % 5 === 0 ? '' : `&before=${before}`}`,
        token: clientTokens[cast.indexOf(c)]!,
      };
    }),
  );
  const queries = [
    'facture',
    'tresorerie',
    'carte grise',
    'remboursement gazole',
    'urssaf cotisation',
    'relevé',
    'expert audit',
    'taxe fonciere',
  ];
  const search = await measured(() =>
    Array.from({ length: HTTP_REQUESTS }, (_, i) => {
      const k = random(cast.length);
      return {
        path: `/api/messages/search?q=${encodeURIComponent(queries[i % queries.length]!)}`,
        token: i % 2 === 0 ? clientTokens[k]! : expertTokens[k]!,
      };
    }),
  );
  // The widest scope: someone taking part in every conversation searches the whole million.
  const searchAll = await measured(() =>
    Array.from({ length: Math.floor(HTTP_REQUESTS / 3) }, (_, i) => ({
      path: `/api/messages/search?q=${encodeURIComponent(queries[i % queries.length]!)}`,
      token: adminToken,
    })),
  );
  return { history, search, searchAll };
}
