import { isIP } from 'node:net';

/**
 * A DICOM modality and an HL7 client may each be registered at an address; the peer's socket
 * address is compared with it after this, so a dual-stack listener does not refuse an IPv4 peer.
 */

/** ::ffff:10.0.0.5 (an IPv4 peer on a dual-stack socket) is 10.0.0.5. */
export function plainAddress(address: string | undefined): string {
  const a = address ?? '';
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}
