/** The error side of the outcome: ICMP names, strerror texts, what the application sees, when it shows. */
import { msg } from '../../engine/message';
import { describe, expect, it } from 'vitest';
import type { PacketWalkState } from '../types';
import { errorTrace } from '../test/error-trace';
import { answerOfPacket, describeAnswer, describeErrno, icmpName, strerror } from './error-answer';
import { describeAppSees, errorStory, selectErrorEnded, selectErrorStory } from './error-outcome';

describe('ICMP errors in words', () => {
  it('names destination-unreachable codes and time exceeded', () => {
    expect([0, 1, 3, 4, 9, 10, 13].map((c) => icmpName(3, c))).toEqual(['netUnreachable', 'hostUnreachable', 'portUnreachable', 'fragNeeded', 'netProhibited', 'hostProhibited', 'adminProhibited']);
    expect([icmpName(11, 0), icmpName(11, 1), icmpName(5, 0), icmpName(3, 99)]).toEqual(['ttlExceeded', 'reassemblyExceeded', 'other', 'other']);
  });
  it('describes an answer with its type, code and MTU', () => {
    expect(describeAnswer({ kind: 'icmp', type: 3, code: 3 })).toBe('ICMP port unreachable (type 3 code 3)');
    expect(describeAnswer({ kind: 'icmp', type: 3, code: 4, mtu: 1450 })).toBe('ICMP fragmentation needed (MTU 1450) (type 3 code 4)');
    expect(describeAnswer({ kind: 'icmp', type: 11, code: 0 })).toBe('ICMP time exceeded (TTL expired in transit) (type 11 code 0)');
    expect(describeAnswer({ kind: 'tcp-reset' })).toBe('TCP RST');
  });
  it('gives the C library text of the errnos a socket gets, and nothing for others', () => {
    expect(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EMSGSIZE', 'EPERM', 'EACCES'].map(strerror)).toEqual([
      'Connection refused',
      'No route to host',
      'Network is unreachable',
      'Message too long',
      'Operation not permitted',
      'Permission denied',
    ]);
    expect(strerror('toString')).toBeUndefined();
    expect(describeErrno('ECONNREFUSED')).toBe('ECONNREFUSED ("Connection refused")');
    expect(describeErrno('EWEIRD')).toBe('EWEIRD');
  });
  it('reads the answer off an error packet', () => {
    const t = errorTrace();
    expect(answerOfPacket(t.steps[7].packet)).toEqual({ kind: 'icmp', type: 3, code: 3 });
    expect(answerOfPacket(t.steps[0].packet)).toBeNull();
    expect(answerOfPacket({ ...t.steps[0].packet, l4: { sport: 80, dport: 40000, flags: 'RA' } })).toEqual({ kind: 'tcp-reset' });
  });
});

describe('errorStory', () => {
  it('an error delivered with an errno: the application sees it', () => {
    const s = errorStory(errorTrace())!;
    expect(s.answer).toEqual({ kind: 'icmp', type: 3, code: 3 });
    expect(s.app).toEqual({ kind: 'errno', errno: 'ECONNREFUSED', text: 'Connection refused', atOnce: false });
    expect(describeAppSees(s.app!)).toBe('the application sees: ECONNREFUSED ("Connection refused")');
  });
  it('an error lost on the way, or taken by no socket: the application waits', () => {
    const t = errorTrace();
    const lost = errorStory(
      errorTrace({
        error: {
          result: 'dropped',
          netns: 'node1',
          stage: 'rule',
          reason: msg('netfilter.droppedBy', { at: msg('netfilter.atRule', { table: 'filter', chain: 'FORWARD', index: 1 }) }),
          packet: t.steps[6].packet,
          step: 6,
        },
      }),
    )!;
    expect(lost.app).toEqual({ kind: 'waits', why: 'lost' });
    const ignored = errorStory(errorTrace({ error: { result: 'delivered', netns: 'client', interface: 'eth0', packet: t.steps[7].packet, step: 7 } }))!;
    expect(ignored.app).toEqual({ kind: 'waits', why: 'ignored' });
  });
  it('a local refusal fails the socket at once; a silent drop leaves it waiting', () => {
    const t = errorTrace();
    const req = { ...(t.outcome.request as Extract<typeof t.outcome.request, { result: 'dropped' }>), answer: undefined };
    expect(errorStory(errorTrace({ request: { ...req, errno: 'EPERM' }, error: null }))!.app).toEqual({ kind: 'errno', errno: 'EPERM', text: 'Operation not permitted', atOnce: true });
    const silent = errorStory(errorTrace({ request: req, error: null }))!;
    expect([silent.answer, silent.app]).toEqual([null, { kind: 'waits', why: 'silent' }]);
  });
  it('none for a delivered request with no error, or a reply dropped silently', () => {
    const t = errorTrace();
    const delivered = { result: 'delivered', netns: 'pod', interface: 'eth0', packet: t.steps[1].packet, step: 3 } as const;
    expect(errorStory(errorTrace({ request: delivered, error: null }))).toBeNull();
    const replyDrop = { result: 'dropped', netns: 'gw', stage: 'route', reason: msg('route.noRoute', { dst: '10.244.1.5' }), packet: t.steps[1].packet, step: 6 } as const;
    expect(errorStory(errorTrace({ request: delivered, reply: replyDrop, error: null }))).toBeNull();
  });
  it('a reply dropped with an answer: the answer from the reply’s drop on, no application line', () => {
    const t = errorTrace();
    const delivered = { result: 'delivered', netns: 'pod', interface: 'eth0', packet: t.steps[1].packet, step: 3 } as const;
    const replyDrop = {
      result: 'dropped',
      netns: 'gw',
      stage: 'route',
      reason: msg('route.noRoute', { dst: '10.244.1.5' }),
      packet: t.steps[1].packet,
      step: 6,
      answer: { kind: 'icmp', type: 3, code: 0 },
    } as const;
    const trace = errorTrace({ request: delivered, reply: replyDrop, error: null });
    expect(errorStory(trace)).toEqual({ answer: { kind: 'icmp', type: 3, code: 0 }, error: null, app: null, from: 6 });
    expect(selectErrorStory({ trace, step: 5 } as unknown as PacketWalkState)).toBeNull();
    expect(selectErrorStory({ trace, step: 6 } as unknown as PacketWalkState)).not.toBeNull();
  });
  it('shows from the drop on, ends at the error packet’s last step, and is one object per Trace', () => {
    const trace = errorTrace();
    const at = (step: number) => ({ trace, step }) as unknown as PacketWalkState;
    expect(selectErrorStory(at(2))).toBeNull();
    expect(selectErrorStory(at(3))).toBe(selectErrorStory(at(5)));
    expect([3, 6, 7].map((i) => selectErrorEnded(at(i)))).toEqual([false, false, true]);
  });
});
