import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard (G3): a webhook never goes to loopback, link-local, private, shared (CGNAT),
 * unspecified, multicast or documentation addresses, nor to the cloud metadata address, unless
 * the destination is on WEBHOOK_ALLOWED_HOSTS. Checked at registration and again on every
 * attempt against the address actually connected to, since DNS can change in between.
 */
const FORBIDDEN = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  FORBIDDEN.addSubnet(net, bits, 'ipv6');

/** Never allowed, whatever the allow list says: "any address" and the metadata services. */
const NEVER = new Set(['0.0.0.0', '::', '169.254.169.254', 'fd00:ec2::254']);

/** An IPv4 address hidden in IPv6 (::ffff:a.b.c.d, NAT64 64:ff9b::/96) is judged as IPv4. */
export function unwrapIpv4(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return lower;
}

export function isPublicAddress(address: string): boolean {
  const ip = unwrapIpv4(address);
  const family = isIP(ip);
  if (family === 0) return false;
  return !FORBIDDEN.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** WEBHOOK_ALLOWED_HOSTS: exact host names, addresses and CIDRs. */
export class DestinationPolicy {
  private readonly networks = new BlockList();
  private readonly hosts = new Set<string>();

  constructor(allowed: string[]) {
    for (const entry of allowed) {
      const [net, bits] = entry.split('/');
      const family = isIP(net);
      if (family === 0) this.hosts.add(entry.toLowerCase());
      else if (bits === undefined) this.networks.addAddress(net, family === 4 ? 'ipv4' : 'ipv6');
      else this.networks.addSubnet(net, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** Why this address may not be connected to for this host, or undefined when it may. */
  refusal(host: string, address: string): string | undefined {
    const ip = unwrapIpv4(address);
    const family = isIP(ip);
    if (family === 0) return `${address} is not an IP address`;
    if (NEVER.has(ip)) return `${address} is never a webhook destination`;
    if (isPublicAddress(ip)) return undefined;
    if (this.hosts.has(host.toLowerCase())) return undefined;
    if (this.networks.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return undefined;
    return `${host} resolves to ${address}, a private, loopback or link-local address (allow it with WEBHOOK_ALLOWED_HOSTS)`;
  }
}
