/**
 * 10,000 bad requests over every route of the OpenAPI document (`GET /api/openapi.json`), as anonymous and as each
 * role: one thing wrong per request (a body field, a missing field, the body itself, the JSON, the content type, a
 * path id, a query parameter or cursor, the credentials), the rest valid so the request reaches deep. No answer may be
 * a 5xx; each 4xx must carry `{error: {code, message}}`.
 */
import { randomUUID } from 'node:crypto';
import {
  badAuthorizations,
  badContentTypes,
  badCursors,
  badIds,
  badJsonBodies,
  badValue,
  hostileStrings,
  Rng,
  rawUrlParts,
  type Schema,
  urlPart,
  validValue,
} from './fuzz-values.ts';
import { type Answer, type RawRequest, send, Tally } from './http.ts';

type Operation = {
  method: string;
  template: string;
  pathParams: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | undefined;
  multipart: boolean;
};

export function operationsOf(doc: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const parameters: Schema[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        template,
        pathParams: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema })),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
        body: content['application/json']?.schema,
        multipart: Boolean(content['multipart/form-data']) || template.endsWith('/attachments'),
      });
    }
  }
  return operations;
}

const mutations = [
  'valid',
  'body-field',
  'body-missing',
  'body-whole',
  'bad-json',
  'content-type',
  'path-id',
  'query',
  'cursor',
  'auth',
] as const;
type Mutation = (typeof mutations)[number];

export type Identity = { role: string; token?: string };

/** One generated request: what was changed, and the raw request. */
function generate(
  op: Operation,
  mutation: Mutation,
  identity: Identity,
  rng: Rng,
  ids: () => string,
): RawRequest {
  const headers: Record<string, string> = {};
  if (identity.token) headers.authorization = `Bearer ${identity.token}`;
  const params = Object.fromEntries(
    op.pathParams.map((p) => [p.name, urlPart(validValue(p.schema, rng, ids))]),
  );
  const query = new Map<string, string>();
  for (const q of op.query) {
    if (q.required || rng.chance(0.4)) query.set(q.name, urlPart(validValue(q.schema, rng, ids)));
  }
  let body: unknown = op.body ? validValue(op.body, rng, ids) : undefined;
  let raw: string | Buffer | undefined;
  let contentType: string | undefined = op.body ? 'application/json' : undefined;

  switch (mutation) {
    case 'body-field': {
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const keys = Object.keys(op.body?.properties ?? {});
        const key = keys.length ? rng.pick(keys) : 'unexpected';
        (body as Record<string, unknown>)[key] = badValue(rng);
      } else body = badValue(rng);
      contentType = 'application/json';
      break;
    }
    case 'body-missing':
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const keys = Object.keys(body as object);
        if (keys.length) delete (body as Record<string, unknown>)[rng.pick(keys)];
        else body = {};
      }
      contentType = 'application/json';
      break;
    case 'body-whole':
      body = badValue(rng);
      contentType = 'application/json';
      break;
    case 'bad-json':
      raw = rng.pick(badJsonBodies);
      contentType = 'application/json';
      break;
    case 'content-type':
      contentType = rng.pick(badContentTypes);
      raw = rng.chance(0.5) ? JSON.stringify(body ?? {}) : `a=1&b=${urlPart(rng.pick(hostileStrings))}`;
      break;
    case 'path-id':
      if (op.pathParams.length) {
        const name = rng.pick(op.pathParams).name;
        params[name] = rng.chance(0.3)
          ? rng.pick(rawUrlParts)
          : urlPart(rng.chance(0.5) ? rng.pick(badIds) : badValue(rng));
      }
      break;
    case 'query': {
      const names = op.query.map((q) => q.name);
      const name =
        names.length && rng.chance(0.8) ? rng.pick(names) : rng.pick(['unknown', '__proto__', 'limit']);
      if (rng.chance(0.2)) query.set(name, `${urlPart(badValue(rng))}&${name}=${urlPart(badValue(rng))}`);
      else query.set(name, rng.chance(0.2) ? rng.pick(rawUrlParts) : urlPart(badValue(rng)));
      break;
    }
    case 'cursor':
      query.set(
        op.query.some((q) => q.name === 'before') && rng.chance(0.5) ? 'before' : 'cursor',
        urlPart(rng.pick(badCursors)),
      );
      break;
    case 'auth':
      if (rng.chance(0.8)) headers.authorization = rng.pick(badAuthorizations);
      else headers.cookie = `ft_refresh=${urlPart(rng.pick([...badIds, ...hostileStrings]))}`;
      break;
    case 'valid':
      break;
  }
  if (op.multipart && mutation !== 'bad-json' && mutation !== 'content-type' && rng.chance(0.7)) {
    const boundary = `fuzz${rng.int(1e9)}`;
    contentType = `multipart/form-data; boundary=${boundary}`;
    const filename = rng.pick(['a.pdf', '', '\u202efdp.exe', '../../x', 'a\u0000.png', 'é'.repeat(300)]);
    const file = rng.pick(['%PDF-1.4\n%%EOF', '', '\u0000'.repeat(100), 'MZ\u0090\u0000', 'GIF89a']);
    raw = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${rng.pick(['file', 'x', ''])}"; filename="${filename}"` +
        `\r\nContent-Type: ${rng.pick(['application/pdf', 'image/png', 'text/html', ''])}\r\n\r\n${file}\r\n` +
        (rng.chance(0.8) ? `--${boundary}--\r\n` : ''),
    );
  }
  if (raw === undefined && body !== undefined && (op.body || mutation.startsWith('body'))) {
    raw = JSON.stringify(body);
  }
  if (contentType && raw !== undefined) headers['content-type'] = contentType;
  const path = op.template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? randomUUID());
  const search = [...query].map(([k, v]) => `${k}=${v}`).join('&');
  return { method: op.method, path: search ? `${path}?${search}` : path, headers, body: raw };
}

export type FuzzFinding = {
  route: string;
  mutation: Mutation;
  role: string;
  status: string;
  request: string;
  answer: string;
};

export type FuzzResult = {
  tally: Tally;
  findings: FuzzFinding[];
  /** 4xx answers without `{error: {code, message}}`. */
  badErrorBodies: FuzzFinding[];
  /** Requests sent again after their kept-alive connection was closed under them. */
  resent: number;
  seconds: number;
};

function isErrorBody(answer: Answer): boolean {
  try {
    const parsed = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
    return typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string';
  } catch {
    return false;
  }
}

export async function fuzz(options: {
  baseUrl: string;
  doc: Schema;
  identities: Identity[];
  realIds: string[];
  total: number;
  concurrency: number;
  seed: number;
  /** Called every `checkEvery` requests; a false answer stops the fuzz (the server died). */
  alive: () => boolean;
}): Promise<FuzzResult> {
  const rng = new Rng(options.seed);
  const operations = operationsOf(options.doc).filter((op) => op.template !== '/api/openapi.json');
  const ids = () => (rng.chance(0.5) && options.realIds.length ? rng.pick(options.realIds) : randomUUID());
  const tally = new Tally();
  const findings: FuzzFinding[] = [];
  const badErrorBodies: FuzzFinding[] = [];
  let next = 0;
  let resent = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.total && options.alive()) {
      const index = next++;
      // Every route in turn, so each gets its share whatever the random picks.
      const op = operations[index % operations.length]!;
      const mutation = rng.pick(mutations);
      const identity = options.identities[Math.floor(index / operations.length) % options.identities.length]!;
      const request = generate(op, mutation, identity, rng, ids);
      let answer = await send(options.baseUrl, { ...request, timeoutMs: 15_000 });
      if (answer.failure === 'network') {
        // A kept-alive connection the server had just closed (after answering a request whose body it did not
        // read): sent again on a connection of its own, as an HTTP client does. A second failure is a real drop.
        resent++;
        answer = await send(options.baseUrl, { ...request, timeoutMs: 15_000, fresh: true });
      }
      const route = `${op.method} ${op.template}`;
      tally.add(answer, route);
      const finding = () => ({
        route,
        mutation,
        role: identity.role,
        status: answer.failure ?? String(answer.status),
        request: `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 200)} ${String(request.body ?? '').slice(0, 300)}`,
        answer: answer.body.slice(0, 500),
      });
      if (answer.failure || answer.status >= 500) findings.push(finding());
      else if (answer.status >= 400 && !isErrorBody(answer) && badErrorBodies.length < 50) {
        badErrorBodies.push(finding());
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { tally, findings, badErrorBodies, resent, seconds: (performance.now() - started) / 1000 };
}

export function mergeFuzz(a: FuzzResult, b: FuzzResult): FuzzResult {
  return {
    tally: a.tally.merge(b.tally),
    findings: [...a.findings, ...b.findings],
    badErrorBodies: [...a.badErrorBodies, ...b.badErrorBodies],
    resent: a.resent + b.resent,
    seconds: a.seconds + b.seconds,
  };
}
