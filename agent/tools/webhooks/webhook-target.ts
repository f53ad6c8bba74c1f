import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/**
 * Where a webhook may point. A webhook makes this server send requests to a URL a user chose, so
 * unless the instance allows it (KITH_WEBHOOKS_ALLOW_PRIVATE=1, a self-hosted Kith posting to a
 * service on its own network) no request goes to this machine, its private network, link-local
 * addresses (cloud metadata at 169.254.169.254) or other non-public ranges. A literal address is
 * checked when the webhook is made and before each send; a name is checked each time it is
 * resolved for a connection (guardedLookup), so a name that later points inside is refused too.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  // unspecified, loopback, IPv4-mapped (an IPv4 address in disguise), NAT64, discard, documentation, 6to4, unique local, link-local, multicast
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is outside the public internet (loopback, private, link-local, reserved). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A URL's host as an IP address when it is one ("[::1]" → "::1"), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}

/** Why a webhook URL is refused, or null when it may be used. */
export function webhookUrlProblem(text: string, options: { allowPrivate: boolean }): string | null {
  let url: URL;
  try { url = new URL(text); } catch { return 'must be an http(s) URL'; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (options.allowPrivate) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const literal = literalAddress(url);
  if (host === 'localhost' || host.endsWith('.localhost') || (literal && isPrivateAddress(literal))) {
    return 'must point to a public address: this Kith does not send webhooks to this machine or a private network (KITH_WEBHOOKS_ALLOW_PRIVATE=1 allows it)';
  }
  return null;
}

export class PrivateTargetError extends Error {
  readonly code = 'EPRIVATETARGET';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a loopback or private address: refused (KITH_WEBHOOKS_ALLOW_PRIVATE=1 allows it)`);
  }
}

/** dns.lookup for http(s).request that refuses a name resolving to any non-public address. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const inside = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (inside) return callback(new PrivateTargetError(hostname, inside.address) as NodeJS.ErrnoException, '', 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
