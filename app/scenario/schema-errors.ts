/**
 * zod issues as positioned scenario errors: each at its field (an unknown key at the key itself),
 * with a sentence saying what was expected, duplicates dropped. Shared by scenario and cluster files.
 */
import type { ScenarioError } from './errors';
import { formatPath, type Positions } from './yaml-positions';

interface Issue {
  code: string;
  message: string;
  path: PropertyKey[];
  [k: string]: unknown;
}

/** zod issues as positioned errors (an unknown key at the key itself), duplicates dropped. */
export function schemaErrors(issues: readonly unknown[], pos: Positions, file: string): ScenarioError[] {
  const errors = issues
    .flatMap((i) => unionBranch(i as Issue))
    .map((iss): ScenarioError => {
      // An unknown key is reported at the key itself, not at the object holding it.
      const keys = iss.code === 'unrecognized_keys' ? ((iss as unknown as { keys: string[] }).keys ?? []) : [];
      const path = keys.length ? [...iss.path, keys[0]] : iss.path;
      return { file, ...pos.ofPath(path), path: formatPath(path), message: describeIssue(iss) };
    });
  return dedupe(errors);
}

/**
 * A union of a plain form and a map form (`listeners: [udp/53, { listen: udp/53, … }]`) fails
 * with "Invalid input" and one list of issues per form. When exactly one form accepted the value's
 * type, its issues say what is wrong (an unknown key, a bad value), with their full paths.
 */
function unionBranch(iss: Issue): Issue[] {
  const branches = iss.code === 'invalid_union' && !('discriminator' in iss) && Array.isArray(iss.errors) ? (iss.errors as Issue[][]) : [];
  const typed = branches.filter((b) => !(b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0));
  if (typed.length !== 1) return [iss];
  return typed[0].flatMap((b) => unionBranch({ ...b, path: [...iss.path, ...b.path] }));
}

/** Turns a zod issue into a sentence that says what was expected and what was found. */
function describeIssue(iss: Issue): string {
  if (iss.code === 'unrecognized_keys') {
    const keys = (iss.keys as string[]) ?? [];
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (iss.code === 'invalid_union' && 'discriminator' in iss) {
    return `expected ${String(iss.discriminator)} to be one of the known values`;
  }
  return iss.message.replace(/^Invalid input: /, '');
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.line}:${e.column}:${e.path}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
