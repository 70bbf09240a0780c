/**
 * Deep-chain and long-chain worlds for the kernel harness (issue 8): jump chains 13–18 levels deep
 * from a built-in chain (by -j, -g or both; the binding jump written first or last; sometimes not
 * reachable at all) and long chains of 2,000–5,000 rules (never-matching ones and matching MARK
 * rules) jumped to 2–3 times. For each world, {@link refusalCheck} feeds the server's iptables text
 * to `iptables-restore` in a fresh network namespace and compares the kernel's refusal with the
 * loader's: refused by one ⇔ refused by the other, at the same rule. Worlds that load are then
 * built, probed and compared like every generated world (cli.ts), so the kernel's TRACE through
 * the nested or long chains must agree with the engine's trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRng } from '../../fuzz/rng';
import { loadScenario } from '../../scenario';
import { chainWorld, deepPlan, longPlan, type ChainPlan } from './chains';
import { newPrefix, type BuildPlan } from './netns';
import { run } from './proc';

/** One generated chain world. */
export interface ChainCase {
  readonly id: string;
  readonly label: string;
  readonly yaml: string;
  /** The server's iptables text, as fed to iptables-restore. */
  readonly iptables: string;
  /** File line of the iptables block's first line. */
  readonly blockStart: number;
  /** The refused line of the iptables text chains.ts predicts (undefined: loads). */
  readonly predicted?: number;
}

/** Sizes of the generated chain worlds. */
export interface ChainSizes {
  /** Longest long chain. */
  readonly long: number;
}

/**
 * Matched MARK rules a long chain may hold (each is a TRACE event per entry): measured here, about
 * 80 events in one burst overflow xtables-monitor's netlink socket ("No buffer space available",
 * or events silently missing).
 */
const MAX_MARKS = 12;

/** Generates `runs` chain worlds from `seed`: deep ones first (half), then long ones. */
export function chainCases(runs: number, seed: number, sizes: ChainSizes = { long: 5000 }): ChainCase[] {
  return Array.from({ length: runs }, (_, i) => {
    const r = makeRng(seed * 7919 + i);
    let plan: ChainPlan;
    let label: string;
    if (i % 2 === 0) {
      const depth = r.range(13, 18);
      const s = {
        depth,
        via: r.pick(['j', 'g', 'mixed'] as const),
        width: 1,
        payload: r.range(0, 2),
        reachable: r.chance(0.85),
        hook: 'INPUT',
        policy: r.chance(0.25) ? ('DROP' as const) : ('ACCEPT' as const),
        order: r.chance(0.5) ? ('builtins-last' as const) : ('builtins-first' as const),
        marks: r.chance(0.3),
      };
      plan = deepPlan(s);
      label = `deep ${depth} -${s.via} ${s.order}${s.reachable ? '' : ' unreachable'}${s.marks ? ' marks' : ''} ${s.policy}`;
    } else {
      const length = r.range(Math.min(2000, sizes.long), sizes.long);
      const markEvery = r.chance(0.4) ? 0 : Math.ceil(length / r.range(3, MAX_MARKS));
      const s = { length, entries: r.range(2, 3), markEvery, hook: r.pick(['INPUT', 'OUTPUT']), policy: 'ACCEPT' as const };
      plan = longPlan(s);
      label = `long ${length}×${s.entries} ${s.hook}${markEvery ? ` MARK every ${markEvery}` : ''}`;
    }
    const w = chainWorld([plan], r.pick(['tcp', 'udp', 'icmp'] as const), label);
    const lines = w.yaml.split('\n');
    const blockStart = lines.indexOf('    iptables: |') + 2;
    const iptables = lines
      .slice(blockStart - 1)
      .filter((l) => l.startsWith('      '))
      .map((l) => l.slice(6))
      .join('\n');
    return { id: `chains-s${seed}-${String(i).padStart(3, '0')}`, label, yaml: w.yaml, iptables: `${iptables}\n`, blockStart, predicted: w.refusedBlockLine };
  });
}

/**
 * The plan with every large `iptables-restore` and `nft -f` here-document moved to a file (a netns's script is
 * one `sh -ec` argument, and Linux refuses an argument over 128 KiB with E2BIG). Returns the plan
 * and a function that deletes the files.
 */
export function restoreFromFiles(plan: BuildPlan): { plan: BuildPlan; cleanup: () => void } {
  const big = Object.entries(plan.phase2).filter(([, script]) => script.length > 64_000);
  if (!big.length) return { plan, cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'pwk-rules-'));
  const phase2 = { ...plan.phase2 };
  for (const [ns, script] of big)
    phase2[ns] = script
      .replace(/iptables-restore <<'(\w+)'\n([\s\S]*?\n)\1(?=\n|$)/, (_, _tag: string, body: string) => {
        const file = join(dir, `${ns}.rules`);
        writeFileSync(file, body);
        return `iptables-restore < '${file}'`;
      })
      .replace(/nft (-j )?-f - <<'(\w+)'\n([\s\S]*?\n)\2(?=\n|$)/, (_, json: string | undefined, _tag: string, body: string) => {
        const file = join(dir, `${ns}.nft`);
        writeFileSync(file, body);
        return `nft ${json ?? ''}-f '${file}'`;
      });
  return { plan: { ...plan, phase2 }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `iptables-restore`'s refusals: each `line N: … (Too many links) …` line. */
export function parseRestoreErrors(stderr: string): { line: number; text: string }[] {
  return [...stderr.matchAll(/^line (\d+): (.*)$/gm)].map((m) => ({ line: Number(m[1]), text: m[2] }));
}

/** Loads `text` with iptables-restore in a fresh namespace; returns its exit code and refusals. */
export async function kernelRestore(text: string): Promise<{ code: number | null; refused: { line: number; text: string }[]; stderr: string }> {
  const ns = `${newPrefix()}chains`;
  const add = await run(['ip', 'netns', 'add', ns], { timeoutMs: 10_000 });
  if (add.code !== 0) throw new Error(`ip netns add ${ns}: ${add.stderr.trim()}`);
  try {
    const r = await run(['ip', 'netns', 'exec', ns, 'iptables-restore'], { input: text, timeoutMs: 60_000 });
    return { code: r.code, refused: parseRestoreErrors(r.stderr), stderr: r.stderr };
  } finally {
    await run(['ip', 'netns', 'del', ns], { timeoutMs: 10_000 });
  }
}

/**
 * Compares the kernel's and the loader's verdict on a chain world's rules. Returns the problems
 * (empty: they agree) and whether the rules load (then the world can be built and probed).
 */
export async function refusalCheck(c: ChainCase): Promise<{ problems: string[]; loads: boolean }> {
  const k = await kernelRestore(c.iptables);
  const kernelFirst = k.refused.find((x) => /Too many links/.test(x.text));
  const problems: string[] = [];
  if (k.code !== 0 && !kernelFirst) problems.push(`harness: iptables-restore failed for another reason: ${k.stderr.trim().slice(0, 300)}`);
  const loaded = loadScenario(c.yaml, `${c.id}.yaml`);
  const links = loaded.ok ? [] : loaded.errors.filter((e) => /Too many links/.test(e.message));
  if (!loaded.ok && !links.length)
    problems.push(
      `loader refused for another reason: ${loaded.errors
        .map((e) => `${e.line}:${e.column} ${e.message}`)
        .join(' | ')
        .slice(0, 300)}`,
    );
  const kernelFileLine = kernelFirst ? c.blockStart + kernelFirst.line - 1 : undefined;
  if (kernelFirst && loaded.ok) problems.push(`kernel refused at iptables line ${kernelFirst.line} (file line ${kernelFileLine}: ${kernelFirst.text}); the loader accepted the file`);
  if (!kernelFirst && links.length) problems.push(`the loader refused at ${links[0].line}:${links[0].column} (${links[0].message}); the kernel loaded the rules`);
  if (kernelFirst && links.length && links[0].line !== kernelFileLine)
    problems.push(
      `refused at different rules: kernel at file line ${kernelFileLine} (iptables line ${kernelFirst.line}: ${kernelFirst.text}), loader at ${links[0].line}:${links[0].column} (${links[0].message.slice(0, 160)})`,
    );
  if ((kernelFirst?.line ?? undefined) !== c.predicted)
    problems.push(
      `harness: chains.ts predicted ${c.predicted === undefined ? 'no refusal' : `a refusal at iptables line ${c.predicted}`}, the kernel ${kernelFirst ? `refused at line ${kernelFirst.line}` : 'loaded the rules'}`,
    );
  return { problems, loads: k.code === 0 && loaded.ok };
}
