/**
 * The error side of a flow's outcome: what the kernel sent back about a dropped request (an ICMP
 * error or a TCP RST, `Trace.outcome.error`), and what the sending application then sees: an errno
 * (`icmp_err_convert` in net/ipv4/icmp.c, `tcp_reset` in net/ipv4/tcp_input.c; errno(3)), or
 * nothing at all, so that it waits until its own timeout (no error sent, the error lost on the
 * way, or a socket that takes no error from it: ip(7) IP_RECVERR).
 */
import type { ErrorAnswer, Outcome, Trace } from '../../engine';
import type { PacketWalkState } from '../types';
import { answerOfPacket, describeAnswer, describeErrno, strerror } from './error-answer';
import { memoByObject } from './memo';

/** What the application learns. */
export type AppSees =
  /** A system call fails with `errno`; `atOnce` when the local stack refused the packet (no error packet). */
  | { readonly kind: 'errno'; readonly errno: string; readonly text?: string; readonly atOnce: boolean }
  /** Nothing: it waits until it times out. `why`: nothing was sent back, the error was lost, or the socket ignored it. */
  | { readonly kind: 'waits'; readonly why: 'silent' | 'lost' | 'ignored' }
  /** No error: the socket lowered its path MTU to `mtu` and resends smaller (TCP on "fragmentation needed"). */
  | { readonly kind: 'path-mtu'; readonly mtu?: number };

/** The error story of a Trace whose request (or reply) was dropped, or that sent an error back. */
export interface ErrorStory {
  /** What the kernel sent back (from the drop, else read off the error packet), or null. */
  readonly answer: ErrorAnswer | null;
  /** Where the error packet ended, or null when none was sent (or the engine followed none). */
  readonly error: Outcome | null;
  /**
   * What the application sees; null for a dropped reply the engine followed no error for (the
   * reply line says the rest).
   */
  readonly app: AppSees | null;
  /** The step the story starts at: the drop that answered, else the error packet's end. */
  readonly from: number;
}

/**
 * The error story of `trace`, or null when nothing was dropped and no error was sent back (the
 * reply tells the rest), a reply was dropped silently, or the engine stopped at one of its own limits.
 */
export function errorStory(trace: Trace): ErrorStory | null {
  const req = trace.outcome.request;
  const rep = trace.outcome.reply;
  const err = trace.outcome.error ?? null;
  // The error is about the request, or about a reply dropped on its way back.
  const dropped = req.result === 'dropped' ? req : rep?.result === 'dropped' ? rep : undefined;
  if (!dropped && !err) return null;
  if (dropped && dropped === rep && !dropped.answer && !err) return null;
  const answer = dropped?.answer ?? (err ? answerOfPacket(err.packet) : null);
  let app: AppSees | null;
  if (err) {
    if (err.result === 'delivered' && err.errno) app = { kind: 'errno', errno: err.errno, text: strerror(err.errno), atOnce: false };
    else if (err.result === 'delivered' && err.effect === 'path-mtu') app = { kind: 'path-mtu', mtu: answer?.kind === 'icmp' ? answer.mtu : undefined };
    else app = { kind: 'waits', why: err.result === 'delivered' ? 'ignored' : 'lost' };
  } else if (dropped === req && req.errno) app = { kind: 'errno', errno: req.errno, text: strerror(req.errno), atOnce: true };
  else app = dropped === req ? { kind: 'waits', why: 'silent' } : null;
  return { answer, error: err, app, from: dropped?.step ?? err!.step };
}

const storyOf = memoByObject(errorStory);

/** The error story once the cursor has reached its start (a stable object per Trace), else null. */
export const selectErrorStory = (s: PacketWalkState): ErrorStory | null => {
  const story = s.trace ? storyOf(s.trace) : null;
  return story && s.step >= story.from ? story : null;
};

/**
 * True once the error story has ended on screen: the error packet's last step is reached, or, when
 * no error packet was sent, the request's drop.
 */
export const selectErrorEnded = (s: PacketWalkState): boolean => {
  const story = selectErrorStory(s);
  return !!story && (!story.error || s.step >= story.error.step);
};

/** One English line about what the application sees (the CLI's words). */
export function describeAppSees(app: AppSees): string {
  if (app.kind === 'path-mtu') return `no error: the socket lowers its path MTU${app.mtu ? ` to ${app.mtu}` : ''} and resends in smaller packets`;
  if (app.kind === 'errno') return `${app.atOnce ? 'the sending socket fails at once' : 'the application sees'}: ${describeErrno(app.errno)}`;
  const why = { silent: 'nothing is sent back', lost: 'the error never reaches it', ignored: 'the socket takes no error from it' }[app.why];
  return `${why}: the application waits until it times out`;
}

/** One English line for the error packet, e.g. `ICMP port unreachable (type 3 code 3)`, or `none sent`. */
export function describeErrorSent(story: ErrorStory): string {
  return story.answer ? describeAnswer(story.answer) : 'none sent';
}
