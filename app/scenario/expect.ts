/**
 * Checking a Trace against a flow's `expect` block (docs/scenario-format.md): where the request
 * and the reply were delivered (host, interface, addresses, ports) or dropped (host, stage, reason),
 * and where the error sent back about a dropped request ended (host, errno, source, quoted destination).
 */
import type { Message } from '../engine/message';
import type { Outcome, Trace } from '../engine/trace';
import type { ErrorExpect, FlowFile, OutcomeExpect } from './schema';

/**
 * Compares a trace with the flow's expectation.
 * @param text renders the engine's messages (a drop's reason) in the language `reason:` is written
 *   in: English (`englishOf` in app/i18n/message-renderer.ts).
 * @returns one sentence per mismatch; empty when everything holds (or nothing is expected).
 */
export function checkExpect(flow: FlowFile, trace: Trace, text: (m: Message) => string): string[] {
  const exp = flow.expect;
  if (!exp) return [];
  const problems: string[] = [];
  problems.push(...compare('request', exp.request, trace.outcome.request, text));
  if (exp.reply === 'none') {
    if (trace.outcome.reply) problems.push(`reply: expected none, but the request was answered (${summary(trace.outcome.reply, text)})`);
  } else if (exp.reply) {
    if (!trace.outcome.reply) problems.push('reply: expected a reply, but there was none');
    else problems.push(...compare('reply', exp.reply, trace.outcome.reply, text));
  }
  problems.push(...compareError(exp.error, trace.outcome.error, text));
  return problems;
}

function compareError(e: ErrorExpect | 'none' | undefined, o: Outcome | null, text: (m: Message) => string): string[] {
  if (e === undefined) return [];
  if (e === 'none') return o ? [`error: expected none, but one was sent back (${summary(o, text)})`] : [];
  if (!o) return [`error: expected an error ${e.result} at ${e.host}, but none was sent back`];
  const out: string[] = [];
  const check = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) out.push(`error: expected ${what} ${String(want)}, got ${String(got)}`);
  };
  check('result', e.result, o.result);
  check('host', e.host, o.netns);
  check('errno', e.errno, o.result === 'delivered' ? o.errno : undefined);
  check('source address', e.src, o.packet.ip.src);
  check('quoted destination', e['quoted-dst'], o.packet.embedded?.ip.dst);
  return out;
}

function summary(o: Outcome, text: (m: Message) => string): string {
  return o.result === 'delivered'
    ? `delivered at ${o.netns}/${o.interface} ${o.packet.ip.src}:${o.packet.l4.sport ?? ''} → ${o.packet.ip.dst}:${o.packet.l4.dport ?? ''}`
    : o.result === 'engine-limit'
      ? `stopped by an engine limit (${o.limit}) at ${o.netns}: ${text(o.reason)}`
      : `dropped at ${o.netns} (${o.stage}): ${text(o.reason)}`;
}

function compare(dir: string, e: OutcomeExpect, o: Outcome, text: (m: Message) => string): string[] {
  const out: string[] = [];
  if ('delivered' in e) {
    if (o.result !== 'delivered') return [`${dir}: expected delivery at ${e.delivered.host}, but it was ${summary(o, text)}`];
    const d = e.delivered;
    const p = o.packet;
    const check = (what: string, want: unknown, got: unknown) => {
      if (want !== undefined && want !== got) out.push(`${dir}: expected ${what} ${String(want)}, got ${String(got)}`);
    };
    check('host', d.host, o.netns);
    check('interface', d.interface, o.interface);
    check('source address', d.src, p.ip.src);
    check('destination address', d.dst, p.ip.dst);
    check('source port', d.sport, p.l4.sport);
    check('destination port', d.dport, p.l4.dport);
    return out;
  }
  const d = e.dropped;
  if (o.result !== 'dropped') return [`${dir}: expected a drop at ${d.host}, but it was ${summary(o, text)}`];
  if (d.host !== o.netns) out.push(`${dir}: expected the drop at ${d.host}, got ${o.netns}`);
  if (d.interface !== undefined && d.interface !== o.interface) out.push(`${dir}: expected the drop on ${d.interface}, got ${o.interface}`);
  if (d.stage !== undefined && d.stage !== o.stage) out.push(`${dir}: expected the drop at stage ${d.stage}, got ${o.stage}`);
  const reason = text(o.reason);
  if (d.reason !== undefined && !reason.toLowerCase().includes(d.reason.toLowerCase())) out.push(`${dir}: expected a reason containing "${d.reason}", got "${reason}"`);
  return out;
}
