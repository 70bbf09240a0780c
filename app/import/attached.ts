/**
 * What a captured device runs that the engine cannot: its XDP program (`ip -j -d link`'s `xdp`)
 * and its tc filters (`tc -j filter show dev DEV ingress|egress`, recorded by capture.sh in
 * `tcfilters` as `DEV<TAB>DIRECTION<TAB>JSON` lines). Cilium's and Calico eBPF's programs sit there.
 */
import type { CapturedLink, CapturedNetns } from './capture';

/** One filter of `tc -j filter show`: the entries with `options` are the filters themselves. */
interface TcFilter {
  readonly kind?: string;
  readonly options?: { readonly bpf_name?: string; readonly prog?: { readonly id?: number; readonly name?: string } };
}

/** `tc` filters of one device and direction, described (`tc ingress bpf cil_from_netdev`), or none. */
function tcFilters(ns: CapturedNetns, dev: string, dir: 'ingress' | 'egress'): string[] {
  const out: string[] = [];
  for (const line of (ns.tcfilters ?? '').split('\n')) {
    const [d, direction, json] = line.split('\t');
    if (d !== dev || direction !== dir || !json?.trim()) continue;
    let filters: unknown;
    try {
      filters = JSON.parse(json);
    } catch {
      out.push(`tc ${dir} filters (not readable JSON)`);
      continue;
    }
    if (!Array.isArray(filters)) continue;
    for (const f of filters as TcFilter[]) if (f.options) out.push(['tc', dir, f.kind ?? 'filter', f.options.bpf_name ?? f.options.prog?.name ?? ''].filter(Boolean).join(' '));
  }
  return [...new Set(out)];
}

/** The XDP program of a link, described (`XDP program xdp_lb id 42`). */
function xdpOf(l: CapturedLink): string | undefined {
  if (!l.xdp) return undefined;
  const x = l.xdp as { prog?: { id?: number; name?: string }; attached?: { prog?: { id?: number; name?: string } }[] };
  const prog = x.prog ?? x.attached?.[0]?.prog;
  return ['XDP program', prog?.name, prog?.id !== undefined ? `id ${prog.id}` : undefined].filter(Boolean).join(' ');
}

/** The scenario's `attached` for a device, or undefined when nothing runs there. */
export function attachedOf(ns: CapturedNetns, l: CapturedLink): { ingress?: string; egress?: string } | undefined {
  const ingress = [xdpOf(l), ...tcFilters(ns, l.ifname, 'ingress')].filter(Boolean).join('; ');
  const egress = tcFilters(ns, l.ifname, 'egress').join('; ');
  if (!ingress && !egress) return undefined;
  return { ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) };
}
