/**
 * The engine-against-kernel comparison on hand-built Traces: implicit returns count as decisions,
 * the `error` direction is compared like request and reply, frames are matched interface by
 * interface through the steps' `wire` markers (the header an ICMP error quotes included), and the
 * errno the client saw is compared with the engine's.
 */
import { msg } from '../engine/message';
import { describe, expect, it } from 'vitest';
import type { PacketView, Trace, TraceStep } from '../engine/trace';
import { compareNetfilter, compareWire, type KernelRecording, type KernelTraceRow, type KernelWireRow } from './compare';
import { agentErrno, pingErrno } from './kernel/errno';
import { compareOutcome, engineErrno } from './kernel/diff';

const req: PacketView = { ip: { src: '10.0.0.1', dst: '10.0.0.2', ttl: 64, proto: 'udp' }, l4: { sport: 40123, dport: 81 }, outer: [], mark: 0 };
const err: PacketView = {
  ip: { src: '10.0.0.2', dst: '10.0.0.1', ttl: 64, proto: 'icmp' },
  l4: { icmpType: 3, icmpCode: 1 },
  outer: [],
  mark: 0,
  embedded: { ip: req.ip, l4: req.l4 },
};

let n = 0;
const step = (s: Partial<TraceStep> & Pick<TraceStep, 'direction' | 'netns' | 'stage'>): TraceStep => ({
  index: n++,
  packet: s.direction === 'error' ? err : req,
  changed: [],
  explain: msg('netfilter.twoSentences', { first: 'step', second: n }),
  ...s,
});

function trace(steps: TraceStep[], outcome: Partial<Trace['outcome']> = {}): Trace {
  return {
    version: 1,
    flow: { name: 'f', from: 'c', protocol: 'udp', dst: '10.0.0.2', dport: 81, choices: {} },
    outcome: {
      request: {
        result: 'dropped',
        netns: 's',
        stage: 'rule',
        reason: msg('netfilter.droppedBy', { at: msg('netfilter.atRule', { table: 'filter', chain: 'INPUT', index: 2 }) }),
        packet: req,
        step: 0,
      },
      reply: null,
      error: null,
      ...outcome,
    },
    steps,
    alternatives: [],
    conntrack: {},
  };
}

const row = (r: Partial<KernelTraceRow>): KernelTraceRow => ({ ns: 's', role: 'request', table: 'filter', chain: 'INPUT', kind: 'rule', verdict: 'DROP', rule: null, ...r });

describe('netfilter decisions', () => {
  const steps = [
    step({ direction: 'request', netns: 's', stage: 'rule', table: 'filter', chain: 'INPUT', verdict: 'JUMP:PW-IN1', rule: { text: '-A INPUT -j PW-IN1', index: 1 } }),
    step({ direction: 'request', netns: 's', stage: 'rule', table: 'filter', chain: 'PW-IN1', verdict: 'RETURN' }),
    step({
      direction: 'request',
      netns: 's',
      stage: 'rule',
      table: 'filter',
      chain: 'INPUT',
      verdict: 'DROP',
      rule: { text: '-A INPUT -p udp -j REJECT --reject-with icmp-host-unreachable', index: 2 },
    }),
    step({ direction: 'error', netns: 's', stage: 'policy', table: 'filter', chain: 'OUTPUT', verdict: 'ACCEPT' }),
  ];
  const kernel: KernelTraceRow[] = [
    row({ verdict: 'JUMP:PW-IN1', rule: '-t filter -A INPUT -j PW-IN1' }),
    row({ chain: 'PW-IN1', kind: 'return', verdict: 'RETURN' }),
    row({ rule: '-t filter -A INPUT -p udp -j REJECT --reject-with icmp-host-unreachable' }),
    row({ role: 'error', chain: 'OUTPUT', kind: 'policy', verdict: 'ACCEPT' }),
  ];

  it('agree with implicit returns and the error direction', () => {
    expect(compareNetfilter(trace(steps), { trace: kernel, wire: [] })).toEqual([]);
  });

  it('see a missing implicit return, and ignore it against a recording without them', () => {
    const without = kernel.filter((r) => r.kind !== 'return');
    expect(compareNetfilter(trace(steps), { trace: without, wire: [] })[0]).toMatch(/^s request #2: kernel filter:INPUT DROP .*\| engine filter:PW-IN1 RETURN \(end of chain\)/);
    expect(compareNetfilter(trace(steps), { trace: without, wire: [] }, { implicitReturns: false })).toEqual([]);
  });

  it('see a different decision for the error', () => {
    const other = kernel.map((r) => (r.role === 'error' ? { ...r, verdict: 'DROP' } : r));
    expect(compareNetfilter(trace(steps), { trace: other, wire: [] })).toEqual(['s error #1: kernel filter:OUTPUT DROP (policy) | engine filter:OUTPUT ACCEPT (policy)']);
  });
});

describe('wire, interface by interface', () => {
  const w = (r: Partial<KernelWireRow>): KernelWireRow => ({ ns: 'c', iface: 'e0', role: 'request', proto: 'udp', ipSrc: '10.0.0.1', ipDst: '10.0.0.2', ttl: 64, sport: 40123, dport: 81, ...r });
  const errFrame = w({
    role: 'error',
    proto: 'icmp',
    ipSrc: '10.0.0.2',
    ipDst: '10.0.0.1',
    sport: null,
    dport: null,
    icmpType: 3,
    icmpCode: 1,
    quoted: { ipSrc: '10.0.0.1', ipDst: '10.0.0.2', sport: 40123, dport: 81 },
  });
  const steps = [
    step({ direction: 'request', netns: 'c', stage: 'route', interface: 'e0' }),
    step({ direction: 'request', netns: 'c', stage: 'xmit', interface: 'e0', wire: 'tx' }),
    step({ direction: 'error', netns: 'c', stage: 'recv', interface: 'e0', wire: 'rx' }),
  ];
  const kernel: KernelRecording = { trace: [], wire: [w({}), errFrame], captured: ['c/e0', 'c/lo'] };

  it('match each captured frame with a step marked on that interface, the quoted header included', () => {
    expect(compareWire(trace(steps), kernel)).toEqual([]);
    const quotedOther = { ...kernel, wire: [w({}), { ...errFrame, quoted: { ...errFrame.quoted!, ipDst: '10.96.0.10' } }] };
    expect(compareWire(trace(steps), quotedOther)[0]).toMatch(
      /^error on c\/e0: the kernel saw 10\.0\.0\.2: → 10\.0\.0\.1: ttl 64 icmp 3\/1 quoting 10\.0\.0\.1:40123 → 10\.96\.0\.10:81 .*no such step on the wire there$/,
    );
    const code = { ...kernel, wire: [w({}), { ...errFrame, icmpCode: 13 }] };
    expect(compareWire(trace(steps), code)).toHaveLength(1);
  });

  it('need the marker where the engine has markers, and fall back to any step where it has none', () => {
    const unmarked = steps.map((s) => (s.direction === 'error' ? { ...s, wire: undefined } : s));
    const fallbacks: string[] = [];
    expect(compareWire(trace(unmarked), kernel, { onFallback: (x) => fallbacks.push(x) })).toEqual([]);
    expect(fallbacks).toEqual(['c/e0 error']);
    // The route step on e0 has the kernel's headers, but the step marked on e0's wire does not.
    const ttl63 = [steps[0], { ...steps[1], packet: { ...req, ip: { ...req.ip, ttl: 63 } } }, steps[2]];
    expect(compareWire(trace(ttl63), kernel).some((p) => p.startsWith('request on c/e0'))).toBe(true);
  });

  it('report a frame the engine puts on a captured wire that the kernel never saw', () => {
    const extra = [...steps, step({ direction: 'request', netns: 'c', stage: 'xmit', interface: 'lo', wire: 'tx' })];
    expect(compareWire(trace(extra), kernel)).toEqual([
      expect.stringMatching(/^request on c\/lo: the engine puts 10\.0\.0\.1:40123 → 10\.0\.0\.2:81 on the wire \(tx, step \d+\); the kernel captured no such frame there$/),
    ]);
    expect(compareWire(trace(extra), { ...kernel, captured: undefined })).toEqual([]);
  });
});

describe('the errno the client sees', () => {
  const delivered = trace([], { error: { result: 'delivered', netns: 'c', interface: 'e0', packet: err, step: 3, errno: 'EHOSTUNREACH' } });

  it('is the dropped request’s own errno first, then the delivered error’s, or none', () => {
    expect(engineErrno(delivered)).toBe('EHOSTUNREACH');
    expect(engineErrno(trace([]))).toBeUndefined();
    const eperm = {
      result: 'dropped',
      netns: 'c',
      stage: 'rule',
      reason: msg('netfilter.rejectedByIcmp', { at: msg('netfilter.atRule', { table: 'filter', chain: 'OUTPUT', index: 1 }), with: 'icmp-port-unreachable', src: '127.0.0.1' }),
      packet: req,
      step: 0,
      errno: 'EPERM',
    } as const;
    expect(engineErrno(trace([], { request: eperm }))).toBe('EPERM');
    // REJECT in the client's own OUTPUT: send() fails with EPERM before the ICMP error arrives over lo.
    expect(engineErrno(trace([], { request: eperm, error: delivered.outcome.error }))).toBe('EPERM');
  });

  it('is compared with what the probe saw', () => {
    const probe = (errno?: string) => ({ probeResult: { ok: false, detail: 'x', errno }, delivered: [] });
    expect(compareOutcome(delivered, probe('EHOSTUNREACH'))).toEqual([]);
    expect(compareOutcome(delivered, probe())).toEqual(["errno: the kernel's client saw no error (x); the engine says EHOSTUNREACH (the error is delivered in c)"]);
    expect(compareOutcome(trace([]), probe('ECONNREFUSED'))[0]).toMatch(/^errno: the kernel's client saw ECONNREFUSED \(x\); the engine says no error \(no error is sent\)/);
  });

  it('is read from the agent and from ping', () => {
    expect(agentErrno('ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(agentErrno('timeout')).toBeUndefined();
    expect(pingErrno('From 10.0.0.2 icmp_seq=1 Destination Port Unreachable')).toBe('ECONNREFUSED');
    expect(pingErrno('From 10.1.0.1 icmp_seq=1 Destination Net Unreachable')).toBe('ENETUNREACH');
    expect(pingErrno('From 10.1.0.1 icmp_seq=1 Packet filtered')).toBe('EHOSTUNREACH');
    expect(pingErrno('ping: connect: Network is unreachable')).toBe('ENETUNREACH');
    expect(pingErrno('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules')).toBe('EACCES');
    expect(pingErrno('1 packets transmitted, 0 received, 100% packet loss')).toBeUndefined();
  });
});
