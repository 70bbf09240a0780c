/**
 * The `trace` CLI's text output: one line per step (index, direction `req`/`rep`/`err`, netns and
 * interface, stage, what decided, the hook's in/out devices and `wire rx|tx` where `tcpdump -i DEV`
 * would capture the frame, headers after the step with the header an ICMP error quotes, what
 * changed), a note under a drop that answers, then the outcomes: request, reply, the error packet sent back (ICMP
 * type/code in words, or TCP RST: `icmp_send`, `nf_send_reset`) and what the sending application
 * sees (errno(3) with its strerror text, or a wait until it times out).
 */
import type { Direction, FieldChange, Message, Outcome, PacketView, Trace, TraceStep } from '../engine';
import { englishOf } from '../i18n/message-renderer';
import { decision, headerSummary } from '../engine/format-text';
import { describeAnswer } from '../store/selectors/error-answer';
import { describeAppSees, describeErrorSent, errorStory } from '../store/selectors/error-outcome';

const DIR: Readonly<Record<Direction, string>> = { request: 'req', reply: 'rep', error: 'err' };

const where = (netns: string, dev?: string) => `${netns}${dev ? `/${dev}` : ''}`;

/** The headers of a step, with ` quoting [...]` for the header an ICMP error carries. */
export function packetText(p: PacketView): string {
  const q = p.embedded;
  if (!q) return headerSummary(p);
  const port = (a: string, n?: number) => (n === undefined ? a : `${a}:${n}`);
  return `${headerSummary(p)} quoting [${port(q.ip.src, q.l4.sport)} → ${port(q.ip.dst, q.l4.dport)} ${q.ip.proto}]`;
}

function changes(c: readonly FieldChange[]): string {
  return c.map((x) => `${x.field} ${x.from ?? '∅'}→${x.to ?? '∅'}`).join(', ');
}

/** Renders the engine's messages (explanations, reasons) in the chosen language; English by default. */
export type MessageText = (m: Message) => string;

/** One step as one line (and its notes; `because` gives a rule's provenance line for a cluster file). */
export function stepLines(s: TraceStep, explain: boolean, because?: (s: TraceStep) => string | undefined, text: MessageText = englishOf): string[] {
  const ch = s.changed.length ? `  {${changes(s.changed)}}` : '';
  const marks = [s.iif && `in ${s.iif}`, s.oif && `out ${s.oif}`, s.wire && `wire ${s.wire}`].filter(Boolean);
  const dev = marks.length ? ` [${marks.join(' ')}]` : '';
  const canon = s.rule?.canonical && s.rule.canonical !== s.rule.text ? `  (iptables-save: ${s.rule.canonical})` : '';
  const lines = [
    `${String(s.index).padStart(4)} ${DIR[s.direction] ?? s.direction} ${where(s.netns, s.interface).padEnd(28)} ${s.stage.padEnd(9)} ${decision(s)}${canon}${dev}  | ${packetText(s.packet)}${ch}`,
  ];
  const pad = ' '.repeat(9);
  if (s.answer) lines.push(`${pad}answers with ${describeAnswer(s.answer)} to ${s.packet.ip.src}`);
  if (explain) lines.push(`${pad}${text(s.explain)}`);
  const why = explain ? because?.(s) : undefined;
  if (why) lines.push(`${pad}${why}`);
  return lines;
}

/** One outcome line, e.g. `request: DROPPED at node/eth0 (rule): …`. */
export function outcomeLine(dir: string, o: Outcome | null, none = 'none (the request was not delivered)', text: MessageText = englishOf): string {
  if (!o) return `${dir}: ${none}`;
  if (o.result === 'delivered') return `${dir}: DELIVERED at ${o.netns}/${o.interface}: ${packetText(o.packet)}`;
  if (o.result === 'engine-limit') return `${dir}: STOPPED BY AN ENGINE LIMIT (${o.limit}) at ${where(o.netns, o.interface)}: ${text(o.reason)}`;
  return `${dir}: DROPPED at ${where(o.netns, o.interface)} (${o.stage}): ${text(o.reason)}`;
}

/** The error outcome lines: what was sent back, where it ended, what the application sees; none for a delivered request. */
export function errorLines(t: Trace, text: MessageText = englishOf): string[] {
  const story = errorStory(t);
  if (!story) return [];
  const sent = describeErrorSent(story);
  const lines = [story.error ? outcomeLine(`error (${sent})`, story.error, undefined, text) : `error: ${sent}`];
  if (story.app) lines.push(`application: ${describeAppSees(story.app)}`);
  return lines;
}

/**
 * Renders the trace for a terminal.
 * @param explain when true, each step is followed by its one-sentence explanation (and, with
 *   `because`, why a rule the cluster builder generated exists).
 * @param text renders the engine's sentences (English unless the CLI's `--lang` says otherwise).
 */
export function formatTrace(t: Trace, explain = false, because?: (s: TraceStep) => string | undefined, text: MessageText = englishOf): string {
  const lines: string[] = [];
  lines.push(`flow ${t.flow.name}: ${t.flow.from} ${t.flow.protocol} → ${t.flow.dst}${t.flow.dport !== undefined ? `:${t.flow.dport}` : ''}`);
  for (const s of t.steps) lines.push(...stepLines(s, explain, because, text));
  lines.push(outcomeLine('request', t.outcome.request, undefined, text));
  lines.push(outcomeLine('reply', t.outcome.reply, undefined, text));
  lines.push(...errorLines(t, text));
  for (const a of t.alternatives) lines.push(`alternative ${a.choice}=${a.option}: ${a.label} (p=${a.probability.toFixed(4)})${a.chosen ? ' [taken]' : ''}`);
  return lines.join('\n');
}
