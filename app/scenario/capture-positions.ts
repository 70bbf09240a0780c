/**
 * Positions for a capture's import that point into the capture: the fields an import copies line
 * for line from a command's output (`iptables-save`, `ipset save`, `ipvsadm -Sn`) are located as
 * `FILE: netns REF: COMMAND` and the line of that output, so load errors, "cannot evaluate" stops
 * and rule sources name the capture, not the imported text the user never wrote.
 */
import type { HostOrigin } from '../import/import';
import type { BlockLocator } from './errors';
import type { Positions } from './yaml-positions';

/** Host fields an import holds verbatim, and the command whose output each one is. */
const VERBATIM: Readonly<Record<string, string>> = { iptables: 'iptables-save', ipset: 'ipset save', ipvs: 'ipvsadm -Sn' };

/** `pos` with the verbatim blocks of `hosts[i]` located in the capture `origins[i]` came from. */
export function capturePositions(pos: Positions, origins: readonly HostOrigin[]): Positions {
  const blockLocator = (path: readonly PropertyKey[]): BlockLocator => {
    const inner = pos.blockLocator(path);
    const [hosts, i, field] = path;
    const origin = hosts === 'hosts' && typeof i === 'number' && path.length === 3 ? origins[i] : undefined;
    const command = typeof field === 'string' && Object.prototype.hasOwnProperty.call(VERBATIM, field) ? VERBATIM[field] : undefined;
    if (!origin || !command) return inner;
    return { file: `${origin.file}: netns ${origin.netns}: ${command}`, path: inner.path, at: (n, col = 1) => ({ line: n, column: col }) };
  };
  return Object.assign(Object.create(pos) as Positions, { blockLocator });
}
