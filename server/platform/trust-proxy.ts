import { isIP } from 'node:net';

/** Fastify's `trustProxy`: nothing, the number of proxy hops in front of the server, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

/** Names proxy-addr (Fastify's X-Forwarded-For reader) understands besides addresses. */
const rangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (rangeNames.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (bits === undefined) return true;
  const max = version === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/**
 * What Fastify is given. Fastify 5.12 refuses a plain hop count (it believes a client that reaches the server
 * directly), so a count becomes a function trusting that many hops: only right when the server can be reached through
 * the proxies alone (a private network or a firewall); otherwise list the proxies' addresses.
 */
export function fastifyTrustProxy(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * TRUST_PROXY: unset, `false` or `0` trust no X-Forwarded-For (the socket's address is the client); a hop count
 * (`1` behind one reverse proxy) takes the address that many hops from the server; a comma-separated list of
 * addresses, CIDR ranges or `loopback`/`linklocal`/`uniquelocal` trusts those proxies only. `true` (trust whatever
 * a client writes in X-Forwarded-For, so any client can pick the address rate limits count) is refused.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim().toLowerCase() ?? '';
  if (v === '' || v === 'false' || v === 'no' || v === '0') return false;
  if (v === 'true' || v === 'yes') {
    throw new Error(
      'TRUST_PROXY=true would trust any X-Forwarded-For a client sends: set the number of proxies in front of the server (e.g. 1) or their addresses (e.g. 10.0.0.0/8,loopback)',
    );
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error(`TRUST_PROXY: ${hops} proxy hops is not plausible (at most 10)`);
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim());
  const invalid = entries.filter((e) => !isAddressOrRange(e));
  if (invalid.length) {
    throw new Error(`TRUST_PROXY: not an address, CIDR range or hop count: ${invalid.join(', ')}`);
  }
  return entries;
}
