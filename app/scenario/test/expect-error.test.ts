/** A flow's `expect: error:` block is checked against the error sent back (Trace outcome.error). */
import { englishOf } from '../../i18n/message-renderer';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../engine';
import { checkExpect, flowInput, formatError, loadScenario } from '..';

const base = readFileSync(resolve(__dirname, '../../engine/test/icmp/reject-after-dnat.yaml'), 'utf8');

function check(errorBlock: string) {
  const text = `${base}    expect:\n      request:\n        dropped: { host: r, stage: rule }\n      reply: none\n      error: ${errorBlock}\n`;
  const r = loadScenario(text, 'expect-error.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  const f = r.scenario.flows[0];
  return checkExpect(f, simulate(r.scenario.world, flowInput(f)), englishOf);
}

describe('expect: error', () => {
  it('holds for the error that comes back un-DNATed with ECONNREFUSED', () => {
    expect(check('{ result: delivered, host: a, errno: ECONNREFUSED, src: 10.96.0.1, quoted-dst: 10.96.0.1 }')).toEqual([]);
  });
  it('names every field that differs', () => {
    expect(check('{ result: delivered, host: a, errno: EHOSTUNREACH, src: 10.0.1.1, quoted-dst: 10.0.2.2 }')).toEqual([
      'error: expected errno EHOSTUNREACH, got ECONNREFUSED',
      'error: expected source address 10.0.1.1, got 10.96.0.1',
      'error: expected quoted destination 10.0.2.2, got 10.96.0.1',
    ]);
  });
  it('`none` fails when an error was sent back', () => {
    expect(check('none')[0]).toMatch(/^error: expected none, but one was sent back/);
  });
  it('refuses an errno that is not a name', () => {
    const r = loadScenario(`${base}    expect:\n      request:\n        dropped: { host: r }\n      error: { result: delivered, host: a, errno: 111 }\n`, 'bad.yaml');
    expect(r.ok).toBe(false);
  });
});
