import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless the deployment allows private receivers: loopback,
 * private (RFC 1918, ULA), link-local, carrier-grade NAT, unspecified, multicast, reserved and
 * documentation ranges, and IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4), so
 * that a receiver cannot be pointed at the platform's own network (SSRF).
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/**
 * IPv4-mapped IPv6 addresses, refused whatever IPv4 address they carry. Kept apart: a BlockList
 * treats an IPv4 address and its mapped form as one, so this rule in NOT_PUBLIC would refuse every
 * IPv4 address.
 */
const MAPPED = /^::ffff:(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{1,4}:[0-9a-f]{1,4})$/i;

/** Whether an IP address (v4 or v6) is one a webhook may not reach without WEBHOOKS_ALLOW_PRIVATE. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6 && MAPPED.test(expandedMappedForm(address))) return true;
  return NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `0:0:0:0:0:ffff:…` and other spellings of a mapped address, as `::ffff:…` (via the URL parser's normal form). */
function expandedMappedForm(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

export interface AddressRules {
  allowPrivate: boolean;
  httpsOnly: boolean;
}

/** Why a receiver URL is refused, in words that name no value of it. */
export class WebhookAddressRefused extends Error {
  override name = 'WebhookAddressRefused';
  constructor(
    message: string,
    /** A short code kept in the delivery log. */
    readonly code: 'url-invalid' | 'scheme-refused' | 'address-refused' | 'host-unresolved',
  ) {
    super(message);
  }
}

/** Checks a URL's form: http(s) only (https only when required), no credentials, no fragment. */
export function checkUrlForm(raw: string, rules: AddressRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookAddressRefused('url must be an absolute http(s) URL', 'url-invalid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookAddressRefused('url must use https', 'scheme-refused');
  }
  if (rules.httpsOnly && url.protocol !== 'https:') {
    throw new WebhookAddressRefused('url must use https in production', 'scheme-refused');
  }
  if (url.username || url.password) {
    throw new WebhookAddressRefused('url may not carry a user name or password', 'url-invalid');
  }
  if (url.hash) throw new WebhookAddressRefused('url may not have a fragment', 'url-invalid');
  return url;
}

/** A resolver that does not answer within this is a failure, not a request held open. */
const RESOLVE_TIMEOUT_MS = 5000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('resolution timed out')), RESOLVE_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The host of a URL as a resolver takes it (IPv6 literals without their brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves the URL's host and returns the address to connect to: every address the name has is
 * checked (a name with one public and one private address is refused), and the caller connects
 * to the one returned, so a second resolution cannot swap in another (DNS rebinding).
 */
export async function resolveReceiver(url: URL, rules: AddressRules): Promise<{ address: string; family: 4 | 6 }> {
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await withTimeout(lookup(host, { all: true, verbatim: true }));
  } catch {
    throw new WebhookAddressRefused('the host of url could not be resolved', 'host-unresolved');
  }
  if (addresses.length === 0)
    throw new WebhookAddressRefused('the host of url could not be resolved', 'host-unresolved');
  if (!rules.allowPrivate && addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new WebhookAddressRefused(
      'url resolves to a loopback, private, link-local or otherwise non-public address, which receivers may not use',
      'address-refused',
    );
  }
  const chosen = addresses[0];
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
