/**
 * A host's `listeners`: `proto/port` strings, or `{ listen, reply-from }` objects for a UDP server
 * whose reply source the kernel picks by routing. Turned into the World's Listener list.
 */
import type { Listener } from '../engine/world';
import type { HostFile } from './schema';

/**
 * The listeners of `h` (undefined when the file gives none: every port answers).
 * `reply-from` only makes sense for UDP: a TCP or SCTP reply always leaves from the connection's
 * own address (the accepted socket is bound to it), so it is refused there.
 * @param err reports a problem at a field path relative to the host.
 */
export function buildListeners(h: HostFile, err: (path: PropertyKey[], message: string) => void): Listener[] | undefined {
  return h.listeners?.map((l, i) => {
    const text = typeof l === 'string' ? l : l.listen;
    const [p, n] = text.split('/');
    const protocol = p as Listener['protocol'];
    const port = Number(n);
    if (port > 65535) err(['listeners', i, ...(typeof l === 'string' ? [] : ['listen'])], `port ${n} is out of range (0–65535)`);
    if (typeof l === 'string' || l['reply-from'] === undefined) return { protocol, port };
    if (protocol !== 'udp') err(['listeners', i, 'reply-from'], `reply-from is for UDP servers: a ${protocol} reply always leaves from the address the connection was made to`);
    return { protocol, port, replyFrom: l['reply-from'] };
  });
}
