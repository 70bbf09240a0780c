/** Errors posted to a host on another origin carry positions and codes, never text from the file. */
import { describe, expect, it } from 'vitest';
import type { EmbedController } from './controller';
import { redactError, redactPath } from './error-codes';
import { connectHost } from './host-bridge';
import { parseAllowedOrigins, parseEmbedMessage } from './messages';

const EMBED = 'https://embed.example';
const SECRET = 'sk-live-123456';

/** A framed embed window whose parent records what it is sent. */
function framedWindow(hostOrigin: string) {
  const sent: { msg: unknown; target: string }[] = [];
  const parent = { postMessage: (msg: unknown, target: string) => sent.push({ msg, target }) };
  const win = {
    parent,
    location: { origin: EMBED, ancestorOrigins: [hostOrigin] },
    document: { referrer: '' },
    addEventListener() {},
    removeEventListener() {},
  } as unknown as Window;
  return { win, sent };
}

const errors = [
  { file: `${EMBED}/config.yaml`, line: 3, column: 9, path: 'api_key', message: `unknown key "api_key" (value ${SECRET})`, code: 'scenario' as const },
  { file: `${EMBED}/config.yaml`, line: 7, column: 5, path: `hosts[0].sysctls.${SECRET}`, message: `expected a number, got "${SECRET}"` },
  { file: `${EMBED}/app.js`, line: 1, column: 1, path: '', message: 'the URL does not serve a scenario file', code: 'not-a-scenario' as const },
];

describe('errors posted to the host', () => {
  it('to another origin: positions, format paths and codes only', () => {
    const host = 'https://docs.example';
    const { win, sent } = framedWindow(host);
    const bridge = connectHost(
      {} as EmbedController,
      win,
      () => parseAllowedOrigins(host, EMBED),
      () => 'x',
    );
    bridge.postErrors(errors, { id: 'x' });
    expect(sent).toHaveLength(1);
    expect(sent[0].target).toBe(host);
    const text = JSON.stringify(sent[0].msg);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('api_key');
    expect(text).not.toContain('message');
    expect(parseEmbedMessage(sent[0].msg)).toEqual({
      type: 'packetwalk:error',
      id: 'x',
      errors: [
        { file: `${EMBED}/config.yaml`, line: 3, column: 9, path: '*', code: 'scenario' },
        { file: `${EMBED}/config.yaml`, line: 7, column: 5, path: 'hosts[0].sysctls.*', code: 'scenario' },
        { file: `${EMBED}/app.js`, line: 1, column: 1, path: '', code: 'not-a-scenario' },
      ],
    });
  });
  it('to any origin (`*`): redacted too', () => {
    const { win, sent } = framedWindow('https://evil.example');
    connectHost(
      {} as EmbedController,
      win,
      () => parseAllowedOrigins('*', EMBED),
      () => undefined,
    ).postErrors(errors);
    expect(sent[0].target).toBe('https://evil.example');
    expect(JSON.stringify(sent[0].msg)).not.toContain(SECRET);
  });
  it('to the embed’s own origin: with messages (the host could read the file itself)', () => {
    const { win, sent } = framedWindow(EMBED);
    connectHost(
      {} as EmbedController,
      win,
      () => parseAllowedOrigins(null, EMBED),
      () => undefined,
    ).postErrors(errors);
    expect(JSON.stringify(sent[0].msg)).toContain('unknown key');
  });
  it('to an origin that is not allowed: nothing', () => {
    const { win, sent } = framedWindow('https://other.example');
    connectHost(
      {} as EmbedController,
      win,
      () => parseAllowedOrigins(null, EMBED),
      () => undefined,
    ).postErrors(errors);
    expect(sent).toEqual([]);
  });
  it('keeps only the scenario format’s own keys in paths', () => {
    expect(redactPath('hosts[2].interfaces[0].mtu')).toBe('hosts[2].interfaces[0].mtu');
    expect(redactPath('flows[0].choices.constructor/nat/X')).toBe('flows[0].choices.*');
    expect(redactPath('')).toBe('');
    expect(redactError({ file: 'f', line: NaN, column: -3, path: 'x', message: SECRET })).toEqual({ file: 'f', line: 1, column: 1, path: '*', code: 'scenario' });
  });
});
