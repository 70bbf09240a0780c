/**
 * Runs a {@link BuildPlan} (netns.ts) and cleans up after it: creates the namespaces, links and
 * configuration, waits until every link carries traffic, reads back `iptables-save` and `nft -a
 * list ruleset`, and deletes the namespaces again, also those of harness runs that died.
 *
 * Safety: only namespaces named by netns.ts (`pwk<pid>r<rand>-<n>`) are created or deleted; every
 * one is registered for deletion as soon as it is created.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAME_RE, newPrefix, NFT_JSON_MARK, NFT_MARK, SAVE_MARK, type BuildPlan } from './netns';
import { run, runSyncQuiet } from './proc';

/** The names of namespaces created by this process and not yet deleted. */
const created = new Set<string>();

/** What {@link applyPlan} learned from the kernel: canonical rule text per logical netns. */
export interface Built {
  readonly plan: BuildPlan;
  /** `iptables-save` after the build, per logical netns. */
  readonly saved: Readonly<Record<string, string>>;
  /** `nft -a list ruleset` after the build (the same rules with their handles), per logical netns. */
  readonly nftList: Readonly<Record<string, string>>;
  /** `nft -a -j list ruleset` after the build, per logical netns (nft-ruleset.ts reads it). */
  readonly nftJson: Readonly<Record<string, string>>;
}

/** An error while building, with the command output that explains it. */
export class BuildError extends Error {}

/**
 * Creates the namespaces and runs the plan. On failure the namespaces are deleted again and a
 * {@link BuildError} is thrown.
 */
export async function applyPlan(plan: BuildPlan): Promise<Built> {
  if (plan.unsupported.length) throw new BuildError(`cannot build: ${plan.unsupported.join('; ')}`);
  for (const n of plan.namespaces) created.add(n.real);
  try {
    const step = async (what: string, cmd: string[], input?: string) => {
      const r = await run(cmd, { input, timeoutMs: 60_000 });
      if (r.code !== 0) throw new BuildError(`${what} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
      return r.stdout;
    };
    await step('creating namespaces', ['ip', '-batch', '-'], `${plan.createNs.join('\n')}\n`);
    await Promise.all(plan.namespaces.map((n) => step(`setting up ${n.logical}`, ['ip', 'netns', 'exec', n.real, 'sh', '-ec', plan.phase1[n.real]])));
    if (plan.links.length) await step('creating veth pairs', ['ip', '-batch', '-'], `${plan.links.join('\n')}\n`);
    const saved: Record<string, string> = {};
    const nftList: Record<string, string> = {};
    const nftJson: Record<string, string> = {};
    await Promise.all(
      plan.namespaces.map(async (n) => {
        // A script past the kernel's limit for one argument (MAX_ARG_STRLEN, 128 kB: a node's whole
        // iptables-save dump) runs from a file instead.
        const script = plan.phase2[n.real];
        const file = script.length > 100_000 ? join(tmpdir(), `pw-lab-${n.real}.sh`) : undefined;
        if (file) writeFileSync(file, script);
        const out = await step(`configuring ${n.logical}`, ['ip', 'netns', 'exec', n.real, 'sh', '-e', ...(file ? [file] : ['-c', script])]).finally(() => file && rmSync(file, { force: true }));
        const at = out.indexOf(SAVE_MARK);
        const nat = out.indexOf(NFT_MARK);
        const jat = out.indexOf(NFT_JSON_MARK);
        if (at >= 0) saved[n.logical] = out.slice(at + SAVE_MARK.length, nat > at ? nat : undefined);
        if (nat >= 0) nftList[n.logical] = out.slice(nat + NFT_MARK.length, jat > nat ? jat : undefined);
        if (jat >= 0) nftJson[n.logical] = out.slice(jat + NFT_JSON_MARK.length).trim();
      }),
    );
    const notUp = await waitLinksUp(plan);
    if (notUp.length) throw new BuildError(`links not up after 10 s: ${notUp.join(', ')}`);
    return { plan, saved, nftList, nftJson };
  } catch (e) {
    await destroy(plan);
    throw e;
  }
}

/**
 * Interfaces that are not ready to carry traffic, from `ip -o link show` and `bridge link show`
 * inside one netns: operstate other than UP/UNKNOWN (the kernel's linkwatch turns a link on, and
 * gives it its queueing discipline, up to a second after `ip link set up`), or a bridge port not
 * yet forwarding. Pure, for tests.
 */
export function linksNotUp(ipLink: string, bridgeLink: string): string[] {
  const out: string[] = [];
  for (const line of ipLink.split('\n')) {
    const m = /^\d+: ([^:@\s]+)(?:@\S+)?: <([^>]*)>.* state (\S+)/.exec(line);
    if (!m || m[1] === 'lo') continue;
    if (m[3] !== 'UP' && m[3] !== 'UNKNOWN') out.push(`${m[1]} ${m[3]}`);
  }
  for (const line of bridgeLink.split('\n')) {
    const m = /^\d+: ([^:@\s]+)(?:@\S+)?: .* state (\S+)/.exec(line);
    if (m && m[2] !== 'forwarding') out.push(`${m[1]} ${m[2]}`);
  }
  return out;
}

/** Waits until every link of the plan is up and every bridge port forwards; returns what is not. */
async function waitLinksUp(plan: BuildPlan, limitMs = 10_000): Promise<string[]> {
  const t0 = Date.now();
  let pending: string[];
  for (;;) {
    const all = await Promise.all(
      plan.namespaces.map(async (n) => {
        const r = await run(['ip', 'netns', 'exec', n.real, 'sh', '-c', "ip -o link show; echo '@@'; bridge link show"], { timeoutMs: 10_000 });
        const [ipl, brl] = r.stdout.split('@@\n');
        const idle = new Set(plan.idle[n.real] ?? []);
        return linksNotUp(ipl ?? '', brl ?? '')
          .filter((x) => !idle.has(x.split(' ')[0]))
          .map((x) => `${n.logical}/${x}`);
      }),
    );
    pending = all.flat();
    if (!pending.length || Date.now() - t0 > limitMs) return pending;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deletes the plan's namespaces (their devices go with them). */
export async function destroy(plan: BuildPlan): Promise<void> {
  const names = plan.namespaces.map((n) => n.real).filter((n) => created.has(n));
  if (!names.length) return;
  await run(['ip', '-force', '-batch', '-'], { input: `${names.map((n) => `netns del ${n}`).join('\n')}\n`, timeoutMs: 60_000 });
  for (const n of names) created.delete(n);
}

/** Deletes every namespace this process created (synchronous: for exit handlers). */
export function destroyAllSync(): void {
  const names = [...created];
  if (!names.length) return;
  runSyncQuiet(['ip', '-force', '-batch', '-'], `${names.map((n) => `netns del ${n}`).join('\n')}\n`);
  created.clear();
}

/** Names of harness namespaces whose creating process no longer runs (or is this process). */
export function staleNames(list: readonly string[], alive: (pid: number) => boolean): string[] {
  return list.filter((n) => {
    const m = NAME_RE.exec(n);
    return m !== null && (Number(m[1]) === process.pid || !alive(Number(m[1])));
  });
}

/** Removes namespaces left behind by harness runs that died (other live runs are left alone). */
export function sweepStale(): string[] {
  const list = runSyncQuiet(['ip', 'netns', 'list'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
  const stale = staleNames(list, (pid) => existsSync(`/proc/${pid}`));
  if (stale.length) runSyncQuiet(['ip', '-force', '-batch', '-'], `${stale.map((n) => `netns del ${n}`).join('\n')}\n`);
  return stale;
}

/** Whether this process may create a network namespace (tries one and deletes it). */
export async function canCreateNetns(): Promise<string | null> {
  const name = `${newPrefix()}probe`;
  created.add(name);
  const r = await run(['ip', 'netns', 'add', name], { timeoutMs: 10_000 });
  if (r.code !== 0) {
    created.delete(name);
    return r.stderr.trim() || `ip netns add exited ${r.code}`;
  }
  await run(['ip', 'netns', 'del', name], { timeoutMs: 10_000 });
  created.delete(name);
  return null;
}
