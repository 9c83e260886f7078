/**
 * Values for the fuzz: valid ones generated from an OpenAPI (JSON Schema) description, and the bad ones an attacker
 * or a broken client sends — wrong types, huge strings, unicode tricks, bad ids and cursors, malformed JSON.
 */
import { randomUUID } from 'node:crypto';

/** A JSON Schema object of the OpenAPI document, walked generically. */
export type Schema = any;

/** A small seeded generator, so that a failing run can be replayed with FAULTS_SEED. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const unicodeTricks = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil.exe\u202d',
  '\u200b\u200c\u200d\ufeff',
  'e\u0301\u0301\u0301\u0301',
  '𝕏😀👨‍👩‍👧‍👦',
  '\u0007\u001b[31m\r\n',
  '﷽'.repeat(50),
];

export const hostileStrings = [
  '',
  ' ',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '$' + '{jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '9'.repeat(400),
  '2024-02-30',
  '0000-00-00T00:00:00Z',
  'true',
  'null',
  '[]',
  '{}',
  '\\',
  '%',
  '*',
  'a:b:c',
];

export const badIds = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '019a1f80-0920-76d0-9b1c-f3854a0a144',
  '019a1f80-0920-76d0-9b1c-f3854a0a144dd',
  'g19a1f80-0920-76d0-9b1c-f3854a0a144d',
  '1',
  '-1',
  '0',
  '99999999999999999999',
  '1.5',
  'null',
  'undefined',
];

export const badCursors = [
  'x',
  '%%%',
  'eyJ9',
  'eyJhIjoxfQ',
  Buffer.from('{"createdAt":"not a date","id":"x"}').toString('base64url'),
  Buffer.from('[1,2,3]').toString('base64url'),
  Buffer.from('null').toString('base64url'),
  Buffer.from('{"rank":"NaN","id":1}').toString('base64url'),
  Buffer.from('\u0000\u0001').toString('base64url'),
  'A'.repeat(5000),
  '2024-01-01T00:00:00Z',
];

export function badValue(rng: Rng): unknown {
  switch (rng.int(9)) {
    case 0:
      return rng.pick([123, -1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0.0001]);
    case 1:
      return rng.pick([true, false, null, [], {}, [1, 2, 3], { a: { b: { c: {} } } }, [null], ['x']]);
    case 2:
      return rng.pick(['a', 'é', '😀', '\u0000', '<']).repeat(rng.pick([300, 5_000, 100_000]));
    case 3:
    case 4:
      return rng.pick(unicodeTricks);
    case 5:
    case 6:
      return rng.pick(hostileStrings);
    case 7:
      return rng.pick(badIds);
    default:
      return Array.from({ length: rng.pick([50, 1000]) }, () => randomUUID());
  }
}

/** Bodies that are not JSON, or JSON of a shape no route takes. */
export const badJsonBodies: (string | Buffer)[] = [
  '',
  '{',
  '{"a":',
  '[',
  'nul',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '[]',
  'null',
  '"string"',
  '12345678901234567890123456789',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
  '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
];

export const badContentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=zzz',
  'application/json; charset=utf-16',
  'application/json; charset=klingon',
  'application/xml',
  'application/json, text/plain',
  'APPLICATION/JSON',
  'application/jsonx',
  '*/*',
  ';;;',
];

export const badAuthorizations = [
  'Bearer',
  'Bearer ',
  'Bearer x',
  'Basic YWRtaW46YWRtaW4=',
  `Bearer ${'a'.repeat(8000)}`,
  // alg "none", and a token signed with another key
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.',
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl',
  'Bearer eyJ.eyJ.eyJ',
  'bearer %00',
];

/** A string for a URL: percent-encoded, lone surrogates and invalid UTF-8 sent as raw bytes. */
export function urlPart(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'latin1')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

export const rawUrlParts = [
  '%ED%A0%80',
  '%FF%FE',
  '%C0%AE%C0%AE',
  '%zz',
  '%',
  '..%2F..%2F',
  '%E2%80%AE',
  '%00',
];

/** A value valid for `schema` (as far as the fuzz needs: types, enums, formats, bounds, required fields). */
export function validValue(schema: Schema, rng: Rng, ids: () => string, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  if (schema.default !== undefined && rng.chance(0.3)) return schema.default;
  for (const key of ['anyOf', 'oneOf']) {
    if (schema[key]) {
      const options = (schema[key] as Schema[]).filter((s) => s.type !== 'null');
      return validValue(rng.pick(options.length ? options : schema[key]), rng, ids, depth + 1);
    }
  }
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((s: Schema) => validValue(s, rng, ids, depth + 1)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return validString(schema, rng, ids);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
      const max = Math.min(schema.maximum ?? min + 100, min + 100);
      const n = min + rng.next() * (max - min);
      return type === 'integer' ? Math.round(n) : n;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, rng.int(Math.min(schema.maxItems ?? 3, 3) + 1));
      return Array.from({ length: count }, () => validValue(schema.items, rng, ids, depth + 1));
    }
    case 'object':
    case undefined: {
      if (!schema.properties) return type === 'object' ? {} : null;
      const required = new Set<string>(schema.required ?? []);
      const result: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(schema.properties)) {
        if (required.has(name) || rng.chance(0.5)) result[name] = validValue(sub, rng, ids, depth + 1);
      }
      return result;
    }
    default:
      return null;
  }
}

function validString(schema: Schema, rng: Rng, ids: () => string): string {
  switch (schema.format) {
    case 'uuid':
      return ids();
    case 'email':
      return `fuzz.${rng.int(1e6)}@example.test`;
    case 'date-time':
      return new Date(Date.now() - rng.int(1e10)).toISOString();
    case 'date':
      return new Date(Date.now() - rng.int(1e10)).toISOString().slice(0, 10);
  }
  if (schema.pattern === '^\\d{9}$' || /siren/i.test(schema.description ?? '')) return '732829320';
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? 40;
  const base = rng.pick(['Dossier', 'Bonjour', 'expert', 'TICPE', 'Paris', 'Mot-de-passe-2026!']);
  let text = base;
  while (text.length < min) text += base;
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}
