/**
 * The bundled IPVS lesson (scenarios/canal-nodeport-ipvs.yaml, issue 10 "Bundled lessons"): what a
 * learner reads off its trace, held to net/netfilter/ipvs/ip_vs_core.c (ip_vs_ops4: ip_vs_in_hook
 * at LOCAL_IN NF_IP_PRI_NAT_SRC - 1 = 99, ip_vs_out_hook at FORWARD NF_IP_PRI_NAT_SRC = 100,
 * handle_response), ip_vs_xmit.c (ip_vs_nat_xmit, ip_vs_nat_send_or_cont: NF_STOLEN and
 * NF_HOOK(LOCAL_OUT) for a non-local real server) and kube-proxy's IPVS-mode KUBE-POSTROUTING
 * (MASQUERADE for the 0x4000 mark), and compared with the iptables-mode lesson
 * (scenarios/canal-nodeport.yaml): same endpoint, same source after MASQUERADE.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '..';
import { flowInput, formatError, loadScenario } from '../../scenario';
import type { Trace, TraceStep } from '../trace';

function load(file: string) {
  const r = loadScenario(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

const ipvsLesson = load('scenarios/canal-nodeport-ipvs.yaml');

function run(flow: string, file = 'scenarios/canal-nodeport-ipvs.yaml'): Trace {
  const s = file === 'scenarios/canal-nodeport-ipvs.yaml' ? ipvsLesson : load(file);
  const f = s.flows.find((x) => x.name === flow);
  if (!f) throw new Error(`no flow ${flow}`);
  return simulate(s.world, flowInput(f));
}

/** Request steps on centos7-1, the node that runs the virtual service. */
const onNode = (t: Trace, dir: 'request' | 'reply' = 'request'): TraceStep[] => t.steps.filter((s) => s.direction === dir && s.netns === 'centos7-1');
const ipvsSteps = (steps: readonly TraceStep[]) => steps.filter((s) => s.stage === 'ipvs');

describe('IPVS lesson: client → NodePort 172.16.240.131:31266 → 10.244.0.74:2368', () => {
  const t = run('client-to-nodeport');
  const node = onNode(t);
  const [sched, xmit] = ipvsSteps(node);

  it('ip_vs_in_hook runs at INPUT priority 99, after every filter INPUT step', () => {
    expect(sched).toMatchObject({ hook: 'INPUT', ipvs: { fn: 'ip_vs_in_hook', priority: 99 } });
    const filterInput = node.filter((s) => s.table === 'filter' && s.hook === 'INPUT');
    expect(filterInput.length).toBeGreaterThan(0);
    expect(Math.max(...filterInput.map((s) => s.index))).toBeLessThan(sched.index);
    // no nat rule changed the destination before IPVS: the packet reached INPUT as the client sent it
    const beforeIpvs = node.filter((s) => s.index < sched.index);
    expect(beforeIpvs.every((s) => s.packet.ip.dst === '172.16.240.131' && s.packet.l4.dport === 31266)).toBe(true);
  });

  it('the scheduler decision of virtual service TCP 172.16.240.131:31266, pinned to 10.244.0.74:2368', () => {
    expect(sched.ipvs).toMatchObject({ scheduler: 'rr', service: '-A -t 172.16.240.131:31266 -s rr', dest: '-a -t 172.16.240.131:31266 -r 10.244.0.74:2368 -m -w 1' });
    const alts = sched.alternatives ?? [];
    expect(alts.map((a) => a.label)).toEqual(['10.244.0.74:2368', '10.244.1.5:2368']);
    expect(alts.find((a) => a.chosen)).toMatchObject({ choice: 'centos7-1/ipvs/TCP 172.16.240.131:31266', option: 1, label: '10.244.0.74:2368' });
    // restored from this sorted listing, the kernel's list starts with the last -a line: rr's own pick
    expect(alts.find((a) => a.probability === 1)).toMatchObject({ option: 2, label: '10.244.1.5:2368' });
  });

  it('VS/NAT rewrites the destination to the real server and sends the packet through OUTPUT again', () => {
    expect(xmit.hook).toBe('INPUT');
    expect(xmit.packet.ip).toMatchObject({ src: '172.16.240.1', dst: '10.244.0.74' });
    expect(xmit.packet.l4).toMatchObject({ sport: 40123, dport: 2368 });
    const after = node.filter((s) => s.index > xmit.index && !s.packet.outer?.length);
    // NF_STOLEN: no more INPUT for it, no FORWARD; it walks OUTPUT then POSTROUTING out of flannel.1
    expect(after.some((s) => s.hook === 'INPUT' || s.hook === 'FORWARD')).toBe(false);
    const output = after.find((s) => s.hook === 'OUTPUT');
    const postrouting = after.find((s) => s.hook === 'POSTROUTING');
    expect(output).toMatchObject({ table: 'filter', oif: 'flannel.1' });
    expect(postrouting!.index).toBeGreaterThan(output!.index);
  });

  it('KUBE-POSTROUTING MASQUERADEs it, for the mark KUBE-MARK-MASQ set at PREROUTING, to flannel.1 10.244.1.0', () => {
    const mark = node.find((s) => s.chain === 'KUBE-MARK-MASQ' && s.hook === 'PREROUTING');
    expect(mark!.packet.mark).toBe(0x4000);
    const masq = node.find((s) => s.chain === 'KUBE-POSTROUTING' && s.rule?.text.includes('-j MASQUERADE') && s.verdict === 'ACCEPT');
    expect(masq).toMatchObject({ hook: 'POSTROUTING', interface: 'flannel.1' });
    expect(masq!.index).toBeGreaterThan(xmit.index);
    expect(masq!.packet.ip.src).toBe('10.244.1.0');
  });

  it('the reply gets 172.16.240.131:31266 back as its source from ip_vs_out_hook at FORWARD 100', () => {
    const reply = onNode(t, 'reply');
    const [out] = ipvsSteps(reply);
    expect(out).toMatchObject({ hook: 'FORWARD', ipvs: { fn: 'ip_vs_out_hook', priority: 100 } });
    const before = reply[reply.indexOf(out) - 1];
    expect(before.packet.ip.src).toBe('10.244.0.74');
    expect(out.packet.ip).toMatchObject({ src: '172.16.240.131', dst: '172.16.240.1' });
    expect(out.packet.l4).toMatchObject({ sport: 31266, dport: 40123 });
  });

  it('reaches the endpoint of the iptables lesson with the same source after MASQUERADE', () => {
    const iptables = run('client-to-nodeport', 'scenarios/canal-nodeport.yaml');
    for (const tr of [t, iptables]) {
      expect(tr.outcome.request).toMatchObject({ result: 'delivered', netns: 'ghost-ep2' });
      expect(tr.outcome.reply).toMatchObject({ result: 'delivered', netns: 'client' });
    }
    expect(t.outcome.request.packet.ip).toMatchObject({ src: iptables.outcome.request.packet.ip.src, dst: iptables.outcome.request.packet.ip.dst });
    expect(t.outcome.reply!.packet.ip.src).toBe(iptables.outcome.reply!.packet.ip.src);
    expect(t.outcome.reply!.packet.l4.sport).toBe(iptables.outcome.reply!.packet.l4.sport);
  });

  // ip_vs_xmit.c __ip_vs_get_out_rt: decrement_ttl() for a real server that is not local, so the
  // request leaves centos7-1 with TTL 63, as when iptables mode forwards it (the pod sees 62).
  it('IPVS decrements the TTL of a request it sends to a remote real server, as forwarding would', () => {
    expect(xmit.packet.ip.ttl).toBe(64);
    expect(node.find((s) => s.index > xmit.index)!.packet.ip.ttl).toBe(63);
    const iptables = run('client-to-nodeport', 'scenarios/canal-nodeport.yaml');
    expect(t.outcome.request.packet.ip.ttl).toBe(62);
    expect(t.outcome.request.packet.ip.ttl).toBe(iptables.outcome.request.packet.ip.ttl);
  });
});

describe('IPVS lesson: the other real server, pinned with choices', () => {
  const t = run('client-to-nodeport-other-endpoint');
  const [sched, xmit] = ipvsSteps(onNode(t));

  it('the pinned choice takes the other real server, 10.244.1.5:2368 on centos7-1', () => {
    expect(sched.alternatives?.find((a) => a.chosen)).toMatchObject({ option: 2, label: '10.244.1.5:2368' });
    expect(sched.ipvs?.dest).toBe('-a -t 172.16.240.131:31266 -r 10.244.1.5:2368 -m -w 1');
    expect(xmit.packet.ip.dst).toBe('10.244.1.5');
    expect(xmit.packet.l4.dport).toBe(2368);
  });

  it('is delivered to ghost-ep1 from 172.16.240.131, as in the iptables lesson', () => {
    const iptables = run('client-to-nodeport-other-endpoint', 'scenarios/canal-nodeport.yaml');
    expect(t.outcome.request).toMatchObject({ result: 'delivered', netns: 'ghost-ep1' });
    expect(t.outcome.request.packet.ip).toMatchObject({ src: '172.16.240.131', dst: '10.244.1.5' });
    expect(t.outcome.request.packet.ip.src).toBe(iptables.outcome.request.packet.ip.src);
    expect(t.outcome.reply!.packet.ip.src).toBe('172.16.240.131');
  });
});
