/** Command-line parsing shared by the CLIs that take only file names (and `--help`). */
import { parseArgs } from 'node:util';

/**
 * The positional arguments of `argv`, or the exit code to end with: 0 after printing `usage` for
 * `--help`/`-h`, 2 after printing the parse error and `usage` (util.parseArgs's strict mode).
 * @param name the command, prefixed to errors (`validate: …`).
 */
export function positionalArgs(argv: readonly string[], name: string, usage: string): string[] | number {
  try {
    const parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (parsed.values.help) {
      process.stdout.write(usage);
      return 0;
    }
    return parsed.positionals;
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\n${usage}`);
    return 2;
  }
}
