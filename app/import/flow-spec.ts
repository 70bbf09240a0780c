/**
 * A flow given on the command line (`npm run import -- … --flow SPEC`): `NAME=HOST->DST:PORT/PROTO`
 * for TCP, UDP and SCTP, `NAME=HOST->DST/icmp` for an ICMP echo; the scenario flow it stands for.
 */
import type { FlowFile } from '../scenario/schema';

/** Parses `NAME=HOST->DST:PORT/PROTO` or `NAME=HOST->DST/icmp` into a flow, or a message. */
export function parseFlowSpec(spec: string): FlowFile | string {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)=([^\s>]+)->(\d+\.\d+\.\d+\.\d+)(?::(\d+))?\/(tcp|udp|sctp|icmp)$/.exec(spec);
  if (!m) return `--flow ${spec}: expected NAME=HOST->DST:PORT/PROTO (tcp, udp, sctp) or NAME=HOST->DST/icmp`;
  const [, name, from, dst, port, protocol] = m;
  if ((protocol === 'icmp') !== (port === undefined)) return `--flow ${spec}: ${protocol === 'icmp' ? 'an icmp flow has no port' : `a ${protocol} flow needs :PORT`}`;
  return { name, from, protocol: protocol as FlowFile['protocol'], dst, ...(port ? { dport: Number(port) } : {}) };
}
