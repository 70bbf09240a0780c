/** MAC address helpers (lower-case, colon-separated, as `ip link` prints them). */

/** The Ethernet broadcast address. */
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

/** Normalises a MAC to lower case. */
export function normMac(mac: string): string {
  return mac.toLowerCase();
}

/** True for group (multicast/broadcast) addresses: the I/G bit of the first octet. */
export function isGroupMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}
