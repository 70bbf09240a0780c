/**
 * A hand-built Trace with an error direction, for tests of the views and the CLI text: a TCP SYN
 * from a client to a Service (10.96.0.10:80, DNATed to the pod 10.244.2.7:8080) is rejected with
 * ICMP port unreachable on the pod's node; conntrack relates the error to the connection and
 * un-NATs the quoted header back to the ClusterIP (`nf_nat_icmp_reply_translation`); the client's
 * `connect()` fails with ECONNREFUSED. Only the fields the views read are filled in.
 */
import { msg } from '../../engine/message';
import type { Outcome, PacketView, Trace, TraceStep } from '../../engine';

const syn = (dst: string, dport: number): PacketView => ({
  ip: { src: '10.244.1.5', dst, ttl: 63, proto: 'tcp' },
  l4: { sport: 40000, dport, flags: 'S' },
  outer: [],
  mark: 0,
});

const icmp = (src: string, quotedDst: string, quotedPort: number): PacketView => ({
  ip: { src, dst: '10.244.1.5', ttl: 64, proto: 'icmp' },
  l4: { icmpType: 3, icmpCode: 3 },
  outer: [],
  mark: 0,
  embedded: { ip: { src: '10.244.1.5', dst: quotedDst, ttl: 63, proto: 'tcp' }, l4: { sport: 40000, dport: quotedPort } },
});

type Extra = Partial<Omit<TraceStep, 'index' | 'direction' | 'netns' | 'stage' | 'packet'>>;
const step = (index: number, direction: TraceStep['direction'], netns: string, stage: TraceStep['stage'], packet: PacketView, extra: Extra = {}): TraceStep => ({
  index,
  direction,
  netns,
  stage,
  packet,
  changed: [],
  // A placeholder explanation (`step N`); the tests using these steps do not read it.
  explain: msg('netfilter.twoSentences', { first: 'step', second: index }),
  ...extra,
});

/** The steps: request to the drop (0–3), then the error back to the client (4–7). */
export const errorSteps: readonly TraceStep[] = [
  step(0, 'request', 'client', 'send', syn('10.96.0.10', 80)),
  step(1, 'request', 'node2', 'nat', syn('10.244.2.7', 8080), {
    interface: 'eth0',
    changed: [
      { field: 'ip.dst', from: '10.96.0.10', to: '10.244.2.7' },
      { field: 'l4.dport', from: 80, to: 8080 },
    ],
  }),
  step(2, 'request', 'node2', 'rule', syn('10.244.2.7', 8080), {
    interface: 'eth0',
    hook: 'FORWARD',
    table: 'filter',
    chain: 'KUBE-FORWARD',
    iif: 'eth0',
    oif: 'cni0',
    verdict: 'DROP',
    rule: { text: '-A KUBE-FORWARD -d 10.244.2.7 -p tcp -j REJECT', index: 1, canonical: '-A KUBE-FORWARD -d 10.244.2.7/32 -p tcp -j REJECT --reject-with icmp-port-unreachable' },
  }),
  step(3, 'request', 'node2', 'drop', syn('10.244.2.7', 8080), { interface: 'eth0', answer: { kind: 'icmp', type: 3, code: 3 } }),
  step(4, 'error', 'node2', 'send', icmp('192.168.1.2', '10.244.2.7', 8080)),
  step(5, 'error', 'node2', 'nat', icmp('192.168.1.2', '10.96.0.10', 80), {
    changed: [
      { field: 'embedded.ip.dst', from: '10.244.2.7', to: '10.96.0.10' },
      { field: 'embedded.l4.dport', from: 8080, to: 80 },
    ],
  }),
  step(6, 'error', 'node2', 'xmit', icmp('192.168.1.2', '10.96.0.10', 80), { interface: 'eth0', wire: 'tx' }),
  step(7, 'error', 'client', 'deliver', icmp('192.168.1.2', '10.96.0.10', 80), { interface: 'eth0', wire: 'rx' }),
];

const requestOutcome: Outcome = {
  result: 'dropped',
  netns: 'node2',
  interface: 'eth0',
  stage: 'rule',
  reason: msg('netfilter.rejectedByIcmp', { at: msg('netfilter.atRule', { table: 'filter', chain: 'KUBE-FORWARD', index: 1 }), with: 'icmp-port-unreachable', src: '10.244.1.5' }),
  packet: errorSteps[3].packet,
  step: 3,
  answer: { kind: 'icmp', type: 3, code: 3 },
};

const errorOutcome: Outcome = { result: 'delivered', netns: 'client', interface: 'eth0', packet: errorSteps[7].packet, step: 7, errno: 'ECONNREFUSED' };

/** The whole Trace; `outcome` may be overridden to try the other endings. */
export function errorTrace(outcome: Partial<Trace['outcome']> = {}): Trace {
  return {
    version: 1,
    flow: { name: 'client-to-service', from: 'client', protocol: 'tcp', dst: '10.96.0.10', dport: 80, choices: {} },
    outcome: { request: requestOutcome, reply: null, error: errorOutcome, ...outcome },
    steps: errorSteps,
    alternatives: [],
    conntrack: {},
  };
}
