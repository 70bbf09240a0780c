/** The MTU and DF check on output and forwarding (ip_forward.c, ip_output.c). */
import type { CtRef } from '../conntrack/conntrack';
import type { Pkt } from '../packet';
import type { Sim } from './context';
import { ICMP, unreachable } from './icmp-error';
import { errorRefusal } from './error-refusal';
import { msg } from '../message';

/**
 * The MTU check (ip_forward's `ip_exceeds_mtu`, ip_finish_output's fragmentation): a packet larger
 * than the out device's MTU is dropped when DF is set (forwarded: ICMP "fragmentation needed" with
 * the MTU goes back; local: the socket gets EMSGSIZE), and fragmented otherwise.
 */
export function checkMtu(sim: Sim, nsName: string, inDev: string | undefined, outDev: string, pkt: Pkt, forwarded: boolean, ct?: CtRef): void {
  const len = pkt.ip.len;
  const mtu = sim.ns(nsName).interfaces.find((i) => i.name === outDev)?.mtu;
  if (len === undefined || mtu === undefined || len <= mtu) return;
  const reason = msg('mtu.exceeds', { len, mtu, dev: outDev });
  if (pkt.ip.df && forwarded)
    sim.dropAnswering(
      { netns: nsName, inDev, pkt, ct, local: false, answer: unreachable(ICMP.FRAG_NEEDED, mtu) },
      inDev ?? outDev,
      'forward',
      reason,
      msg('mtu.fragNeeded', { len, dev: outDev, mtu, src: pkt.ip.src }),
      errorRefusal(sim, nsName, pkt),
    );
  if (pkt.ip.df) sim.drop(nsName, outDev, 'xmit', reason, pkt, msg('mtu.emsgsize', { len, dev: outDev, mtu }), { errno: 'EMSGSIZE' });
  const n = Math.ceil((len - 20) / (Math.floor((mtu - 20) / 8) * 8));
  sim.emit({
    netns: nsName,
    interface: outDev,
    stage: 'forward',
    pkt,
    explain: msg('mtu.fragments', { len, dev: outDev, mtu, fragments: n }),
    simplification: msg('mtu.fragmentsAsOne'),
  });
}
