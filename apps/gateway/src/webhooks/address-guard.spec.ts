import { DestinationPolicy, isPublicAddress, unwrapIpv4 } from './address-guard';

describe('webhook SSRF guard', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::10.0.0.1',
    '224.0.0.1',
    'not-an-ip',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => expect(isPublicAddress(address)).toBe(true),
  );

  it('unwraps IPv4 inside IPv6', () => {
    expect(unwrapIpv4('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(unwrapIpv4('::ffff:a01:203')).toBe('10.1.2.3');
  });

  it('allows private destinations only as configured, and never the metadata address', () => {
    const policy = new DestinationPolicy(['127.0.0.1', '10.20.0.0/16', 'his.lan']);
    expect(policy.refusal('127.0.0.1', '127.0.0.1')).toBeUndefined();
    expect(policy.refusal('localhost', '127.0.0.2')).toMatch(/loopback/);
    expect(policy.refusal('x', '10.20.3.4')).toBeUndefined();
    expect(policy.refusal('x', '10.21.3.4')).toMatch(/WEBHOOK_ALLOWED_HOSTS/);
    expect(policy.refusal('his.lan', '192.168.9.9')).toBeUndefined();
    expect(policy.refusal('x', '8.8.8.8')).toBeUndefined();
    expect(new DestinationPolicy(['169.254.0.0/16']).refusal('x', '169.254.169.254')).toMatch(
      /never/,
    );
    expect(new DestinationPolicy([]).refusal('x', '127.0.0.1')).toMatch(/private, loopback/);
  });
});
