/**
 * Checks of the interfaces' `ifindex` keys against what the kernel allows in one netns: an index
 * names one device (`dev_index_reserve` refuses a taken one, net/core/dev.c), `lo` is always 1
 * (`LOOPBACK_IFINDEX`, include/net/net_namespace.h: it is registered first in every netns), and
 * the order they give is only used when every other device has one.
 */
import type { InterfaceFile } from './schema';

/**
 * Reports, at the `ifindex` key: a duplicate index (naming the first holder), `lo` with an index
 * other than 1, another device with 1, and a host where some devices other than `lo` have an
 * index and others do not (the kernel's device order would be half known).
 * @param err reports a problem at a field path of the file.
 */
export function checkIfindexes(list: readonly InterfaceFile[], host: string, base: readonly PropertyKey[], err: (path: PropertyKey[], message: string) => void): void {
  const byIndex = new Map<number, string>();
  list.forEach((f, i) => {
    if (f.ifindex === undefined) return;
    const at = [...base, 'interfaces', i, 'ifindex'];
    const isLo = f.type === 'loopback';
    const holder = byIndex.get(f.ifindex);
    if (holder !== undefined) err(at, `ifindex ${f.ifindex} is already "${holder}"'s in host "${host}": an interface index names one device of a netns`);
    else if (isLo && f.ifindex !== 1) err(at, `the loopback device always has ifindex 1 (it is the first device of every netns), not ${f.ifindex}`);
    else if (!isLo && f.ifindex === 1) err(at, "ifindex 1 is the loopback device's in every netns");
    byIndex.set(f.ifindex, f.name);
  });
  const others = list.map((f, i) => ({ f, i })).filter(({ f }) => f.type !== 'loopback');
  const given = others.filter(({ f }) => f.ifindex !== undefined);
  const missing = others.find(({ f }) => f.ifindex === undefined);
  if (given.length > 0 && missing)
    err(
      [...base, 'interfaces', missing.i, 'name'],
      `"${missing.f.name}" has no ifindex while "${given[0].f.name}" has one: give every interface of host "${host}" an ifindex, or none (the device order is by ifindex or by the file, not both)`,
    );
}
