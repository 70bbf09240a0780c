/** The postMessage API: message validation and the origin allow-list. */
import { describe, expect, it } from 'vitest';
import type { EmbedController } from './controller';
import { applyHostMessage } from './host-bridge';
import { addressedTo, isAllowedOrigin, parseAllowedOrigins, parseEmbedMessage, parseHostMessage, postTarget } from './messages';

const SELF = 'https://pw.example.org';

describe('host → embed messages', () => {
  it('accepts the four commands', () => {
    expect(parseHostMessage({ type: 'packetwalk:goto', step: 13 })).toEqual({ type: 'packetwalk:goto', step: 13 });
    expect(parseHostMessage({ type: 'packetwalk:play' })).toEqual({ type: 'packetwalk:play' });
    expect(parseHostMessage({ type: 'packetwalk:pause' })).toEqual({ type: 'packetwalk:pause' });
    expect(parseHostMessage({ type: 'packetwalk:select-flow', flow: 'client-to-nodeport' })).toEqual({ type: 'packetwalk:select-flow', flow: 'client-to-nodeport' });
    expect(parseHostMessage({ type: 'packetwalk:goto', step: 1, target: 'a' })).toEqual({ type: 'packetwalk:goto', step: 1, target: 'a' });
  });
  it('ignores anything malformed', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'packetwalk:play',
      42,
      [],
      {},
      { type: 'packetwalk:jump', step: 1 },
      { type: 'packetwalk:goto' },
      { type: 'packetwalk:goto', step: '3' },
      { type: 'packetwalk:goto', step: -1 },
      { type: 'packetwalk:goto', step: 0 },
      { type: 'packetwalk:goto', step: 1.5 },
      { type: 'packetwalk:goto', step: Number.NaN },
      { type: 'packetwalk:goto', step: Infinity },
      { type: 'packetwalk:goto', step: 1e9 },
      { type: 'packetwalk:play', extra: true },
      { type: 'packetwalk:select-flow' },
      { type: 'packetwalk:select-flow', flow: '' },
      { type: 'packetwalk:select-flow', flow: 'x'.repeat(500) },
      { type: 'packetwalk:select-flow', flow: { toString: () => 'x' } },
      { type: 'packetwalk:pause', target: 7 },
      { type: 'PACKETWALK:PLAY' },
    ];
    for (const m of bad) expect(parseHostMessage(m), JSON.stringify(m) ?? String(m)).toBeNull();
  });
  it('addresses every embed without a target, one embed with it', () => {
    const all = parseHostMessage({ type: 'packetwalk:play' })!;
    const one = parseHostMessage({ type: 'packetwalk:play', target: 'a' })!;
    expect(addressedTo(all, undefined)).toBe(true);
    expect(addressedTo(all, 'b')).toBe(true);
    expect(addressedTo(one, 'a')).toBe(true);
    expect(addressedTo(one, 'b')).toBe(false);
    expect(addressedTo(one, undefined)).toBe(false);
  });
});

describe('host → embed messages in reveal.js style ({method, args})', () => {
  it('accepts next, prev, goto, play, pause and selectFlow', () => {
    for (const m of [
      { method: 'next' },
      { method: 'prev', args: [] },
      { method: 'play' },
      { method: 'pause', target: 'a' },
      { method: 'goto', args: [13] },
      { method: 'goto', args: [1], target: 'a' },
      { method: 'selectFlow', args: ['client-to-nodeport'] },
    ])
      expect(parseHostMessage(m), JSON.stringify(m)).toEqual(m);
  });
  it('ignores unknown methods and bad arguments', () => {
    const bad: unknown[] = [
      { method: 'slide', args: [2] },
      { method: 'toggleOverview' },
      { method: 'getState' },
      { method: 'NEXT' },
      { method: 'constructor' },
      { method: 'next', args: [1] },
      { method: 'next', args: 'x' },
      { method: 'play', extra: 1 },
      { method: 'goto' },
      { method: 'goto', args: [] },
      { method: 'goto', args: [0] },
      { method: 'goto', args: [-2] },
      { method: 'goto', args: [2.5] },
      { method: 'goto', args: ['3'] },
      { method: 'goto', args: [3, 4] },
      { method: 'goto', args: [1e9] },
      { method: 'goto', args: { 0: 3 } },
      { method: 'selectFlow', args: [] },
      { method: 'selectFlow', args: [''] },
      { method: 'selectFlow', args: [7] },
      { method: 'selectFlow', args: ['x'.repeat(500)] },
      { method: 'next', target: 7 },
      { method: 'next', type: 'packetwalk:play' },
      { type: 'packetwalk:play', method: 'next' },
    ];
    for (const m of bad) expect(parseHostMessage(m), JSON.stringify(m)).toBeNull();
  });
  it('addresses by target like the other style', () => {
    const one = parseHostMessage({ method: 'next', target: 'a' })!;
    expect(addressedTo(one, 'a')).toBe(true);
    expect(addressedTo(one, 'b')).toBe(false);
    expect(addressedTo(parseHostMessage({ method: 'next' })!, 'b')).toBe(true);
  });
  it('drives the embed: steps move, goto counts from 1', () => {
    const calls: string[] = [];
    const state = { stepForward: () => calls.push('forward'), stepBack: () => calls.push('back') };
    const controller = {
      store: { getState: () => state },
      goto: (n: number) => calls.push(`goto ${n}`),
      play: () => calls.push('play'),
      pause: () => calls.push('pause'),
      selectFlow: (f: string) => calls.push(`flow ${f}`),
    } as unknown as EmbedController;
    for (const m of [
      { method: 'next' },
      { method: 'prev' },
      { method: 'goto', args: [14] },
      { method: 'play' },
      { method: 'pause' },
      { method: 'selectFlow', args: ['f'] },
      { type: 'packetwalk:goto', step: 14 },
    ])
      applyHostMessage(controller, parseHostMessage(m)!);
    expect(calls).toEqual(['forward', 'back', 'goto 13', 'play', 'pause', 'flow f', 'goto 13']);
  });
});

describe('embed → host messages', () => {
  it('validates step, ready and error messages', () => {
    const step = { type: 'packetwalk:step', step: 13, total: 90, flow: 'client-to-nodeport', stage: 'rule', netns: 'centos7-1' };
    expect(parseEmbedMessage(step)).toEqual(step);
    expect(parseEmbedMessage({ ...step, id: 'a' })).toEqual({ ...step, id: 'a' });
    expect(parseEmbedMessage({ ...step, extra: 1 })).toBeNull();
    expect(parseEmbedMessage({ ...step, step: -1 })).toBeNull();
    expect(parseEmbedMessage({ type: 'packetwalk:ready', flows: ['a', 'b'] })).toEqual({ type: 'packetwalk:ready', flows: ['a', 'b'] });
    expect(parseEmbedMessage({ type: 'packetwalk:ready', flows: 'a' })).toBeNull();
    const err = { type: 'packetwalk:error', errors: [{ file: 'x.yaml', line: 3, column: 5, path: 'hosts', code: 'scenario', message: 'bad' }] };
    expect(parseEmbedMessage(err)).toEqual(err);
    // Redacted (another origin): no message, a code.
    const redacted = { type: 'packetwalk:error', errors: [{ file: 'x.yaml', line: 3, column: 5, path: 'hosts', code: 'not-a-scenario' }] };
    expect(parseEmbedMessage(redacted)).toEqual(redacted);
    expect(parseEmbedMessage({ ...redacted, errors: [{ ...redacted.errors[0], code: 'whatever' }] })).toBeNull();
  });
});

describe('origin allow-list', () => {
  it('allows only the embed’s own origin by default', () => {
    const p = parseAllowedOrigins(null, SELF);
    expect(p).toEqual({ any: false, origins: [SELF], invalid: [] });
    expect(isAllowedOrigin(p, SELF)).toBe(true);
    expect(isAllowedOrigin(p, 'https://evil.example')).toBe(false);
    expect(isAllowedOrigin(p, 'null')).toBe(false);
  });
  it('reads a list separated by commas or spaces, normalising each origin', () => {
    const p = parseAllowedOrigins('https://docs.example.com/, http://localhost:8000  https://DOCS.example.com:443', SELF);
    expect(p.origins).toEqual([SELF, 'https://docs.example.com', 'http://localhost:8000']);
    expect(isAllowedOrigin(p, 'https://docs.example.com')).toBe(true);
    expect(isAllowedOrigin(p, 'http://localhost:8001')).toBe(false);
    expect(isAllowedOrigin(p, 'http://docs.example.com')).toBe(false);
  });
  it('rejects entries that are not bare http(s) origins', () => {
    const p = parseAllowedOrigins('javascript:alert(1) https://a.example/path ftp://b.example https://u:p@c.example nonsense https://ok.example', SELF);
    expect(p.origins).toEqual([SELF, 'https://ok.example']);
    expect(p.invalid).toEqual(['javascript:alert(1)', 'https://a.example/path', 'ftp://b.example', 'https://u:p@c.example', 'nonsense']);
  });
  it('allows any origin only with an explicit *', () => {
    const p = parseAllowedOrigins('*', SELF);
    expect(p.any).toBe(true);
    expect(isAllowedOrigin(p, 'https://anyone.example')).toBe(true);
    expect(isAllowedOrigin(p, 'null')).toBe(true);
  });
  it('posts only to an allowed host origin (or to any with *)', () => {
    const p = parseAllowedOrigins('https://docs.example.com', SELF);
    expect(postTarget(p, 'https://docs.example.com')).toBe('https://docs.example.com');
    expect(postTarget(p, 'https://evil.example')).toBeNull();
    expect(postTarget(p, null)).toBeNull();
    const any = parseAllowedOrigins('*', SELF);
    expect(postTarget(any, 'https://x.example')).toBe('https://x.example');
    expect(postTarget(any, null)).toBe('*');
  });
});
