/**
 * The errno a probe's client saw, from what the probe printed: the agent's socket error code
 * (connect() of TCP, a connected UDP socket's send/receive) or ping's report. A timeout is no
 * errno: nothing reached the socket.
 *
 * ping (iputils) receives ICMP errors on its socket's error queue (IP_RECVERR, ip(7)) and prints
 * the ICMP message, not the errno; the errno the queue carries is the kernel's conversion of the
 * type and code: `icmp_err_convert[]` in net/ipv4/icmp.c for destination unreachable (net 0 →
 * ENETUNREACH, host 1 → EHOSTUNREACH, protocol 2 → ENOPROTOOPT, port 3 → ECONNREFUSED, frag
 * needed 4 → EMSGSIZE, source route 5 → EOPNOTSUPP, net/host prohibited 9/10 → ENETUNREACH /
 * EHOSTUNREACH, filtered 13 → EHOSTUNREACH), EHOSTUNREACH for time exceeded (ping_err in
 * net/ipv4/ping.c). A local failure is printed with strerror (`ping: connect: Network is unreachable`).
 */

/** ping's ICMP error messages (iputils ping_common.c pr_icmph) and the errno behind each. */
const PING_MESSAGES: readonly [RegExp, string][] = [
  [/Destination Net Unreachable/i, 'ENETUNREACH'],
  [/Destination Host Unreachable/i, 'EHOSTUNREACH'],
  [/Destination Protocol Unreachable/i, 'ENOPROTOOPT'],
  [/Destination Port Unreachable/i, 'ECONNREFUSED'],
  [/Frag needed/i, 'EMSGSIZE'],
  [/Source Route Failed/i, 'EOPNOTSUPP'],
  [/Destination Net Prohibited/i, 'ENETUNREACH'],
  [/Destination Host Prohibited/i, 'EHOSTUNREACH'],
  [/Packet filtered/i, 'EHOSTUNREACH'],
  [/Time to live exceeded/i, 'EHOSTUNREACH'],
];

/** strerror(3) texts (glibc) of the errnos a send can fail with at once. */
const STRERROR: readonly [string, string][] = [
  ['Network is unreachable', 'ENETUNREACH'],
  ['No route to host', 'EHOSTUNREACH'],
  ['Operation not permitted', 'EPERM'],
  ['Permission denied', 'EACCES'],
  ['Connection refused', 'ECONNREFUSED'],
  ['Message too long', 'EMSGSIZE'],
  ['Invalid argument', 'EINVAL'],
  // iputils ping's own words when connect() of its probe socket fails with EACCES (a prohibit
  // route, or a broadcast address): ping.c prints this instead of strerror.
  ['Do you want to ping broadcast?', 'EACCES'],
];

/** The errno behind ping's output (stdout and stderr), or undefined when it reported none. */
export function pingErrno(output: string): string | undefined {
  for (const [re, errno] of PING_MESSAGES) if (re.test(output)) return errno;
  for (const [text, errno] of STRERROR) if (output.includes(text)) return errno;
  return undefined;
}

/** The agent's error code as an errno (`ECONNREFUSED`…); a timeout, or no error, is none. */
export function agentErrno(error: string | undefined): string | undefined {
  if (!error || error === 'timeout') return undefined;
  return /^E[A-Z]+$/.test(error) ? error : undefined;
}
