/** Embed options, what `src` names, fetching with limits, and the shadow-root stylesheet. */
import { describe, expect, it } from 'vitest';
import { fetchScenarioText } from './fetch-scenario';
import { optionsFromQuery, readEmbedOptions } from './options';
import { shadowCss } from './shadow-css';
import { classifySource, readSource } from './source';
import { BUNDLED_IDS } from './bundled-lazy';

const BASE = 'https://docs.example.com/guide/page.html';

describe('embed options', () => {
  it('reads the query string, with defaults for missing or bad values', () => {
    expect(optionsFromQuery('?src=canal-nodeport&flow=f&step=13&controls=full&view=path&autoplay=1&lang=zh&origin=https://a.example&id=x')).toEqual({
      src: 'canal-nodeport',
      flow: 'f',
      step: 12,
      controls: 'full',
      view: 'path',
      autoplay: true,
      lang: 'zh',
      allowedOrigins: 'https://a.example',
      id: 'x',
    });
    expect(optionsFromQuery('?step=-1&controls=huge&view=some&lang=fr&autoplay=0')).toMatchObject({ src: '', step: undefined, controls: 'minimal', view: 'all', lang: 'en', autoplay: false });
    expect(optionsFromQuery('?view=PATH').view).toBe('path');
  });
  it('reads element attributes (allowed-origins; a bare autoplay attribute is on)', () => {
    const attrs: Record<string, string> = { src: 'x', autoplay: '', 'allowed-origins': '*' };
    expect(readEmbedOptions((n) => attrs[n] ?? null, 'attribute')).toMatchObject({ src: 'x', autoplay: true, allowedOrigins: '*' });
  });
});

describe('src', () => {
  it('names a bundled scenario, a URL or an inline #s= scenario', () => {
    expect(BUNDLED_IDS).toContain('canal-nodeport');
    expect(classifySource('canal-nodeport', BASE)).toEqual({ kind: 'bundled', id: 'canal-nodeport' });
    expect(classifySource('', BASE)).toEqual({ kind: 'bundled', id: 'canal-nodeport' });
    expect(classifySource('', BASE, '#s=abc')).toEqual({ kind: 'fragment', value: 'abc' });
    expect(classifySource('#s=abc', BASE)).toEqual({ kind: 'fragment', value: 'abc' });
    expect(classifySource('../scen/my.yaml', BASE)).toEqual({ kind: 'url', url: 'https://docs.example.com/scen/my.yaml' });
    expect(classifySource('https://other.example/x.yaml', BASE)).toEqual({ kind: 'url', url: 'https://other.example/x.yaml' });
  });
  it('explains what it cannot use', () => {
    expect(classifySource('nope', BASE)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('no bundled scenario "nope"') });
    expect(classifySource('javascript:alert(1)', BASE)).toMatchObject({ kind: 'invalid' });
    expect(classifySource('data:text/plain,x', BASE)).toMatchObject({ kind: 'invalid' });
    expect(classifySource('#x=1', BASE)).toMatchObject({ kind: 'invalid' });
  });
  it('reads a bundled scenario and positions errors at the source', async () => {
    const ok = await readSource({ kind: 'bundled', id: 'calico-ipip' });
    expect(ok).toMatchObject({ ok: true, file: 'scenarios/calico-ipip.yaml', bundledId: 'calico-ipip' });
    const bad = await readSource({ kind: 'fragment', value: '!!' });
    expect(bad).toMatchObject({ ok: false, errors: [{ file: '#s=', line: 1, column: 1 }] });
  });
});

describe('fetching a scenario', () => {
  const respond = (body: BodyInit | null, init: ResponseInit = {}) => (async () => new Response(body, init)) as unknown as typeof fetch;
  it('asks in CORS mode without credentials and returns the text', async () => {
    let seen: RequestInit | undefined;
    const f = (async (_u: string, init?: RequestInit) => {
      seen = init;
      return new Response('version: 1\n');
    }) as unknown as typeof fetch;
    expect(await fetchScenarioText('https://x.example/a.yaml', { limit: 100, fetchImpl: f })).toEqual({ ok: true, text: 'version: 1\n' });
    expect(seen).toMatchObject({ mode: 'cors', credentials: 'omit' });
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
  });
  it('refuses by Content-Length before reading, and by the bytes actually read (bytes, not characters)', async () => {
    const big = await fetchScenarioText('u', { limit: 10, fetchImpl: respond('x'.repeat(5), { headers: { 'content-length': '999' } }) });
    expect(big).toMatchObject({ ok: false, code: 'too-large', limit: 10, message: 'the scenario is larger than 10 bytes' });
    const lying = await fetchScenarioText('u', { limit: 10, fetchImpl: respond('x'.repeat(50)) });
    expect(lying).toMatchObject({ ok: false, code: 'too-large', message: 'the scenario is larger than 10 bytes' });
    // 12 characters, 24 bytes of UTF-8: over a 20-byte limit although under 20 characters.
    const wide = `version: 1\n${'é'.repeat(6)}`;
    expect(new TextEncoder().encode(wide).length).toBeGreaterThan(20);
    expect(await fetchScenarioText('u', { limit: 20, fetchImpl: respond(wide) })).toMatchObject({ ok: false, code: 'too-large' });
    expect(await fetchScenarioText('u', { limit: 30, fetchImpl: respond(wide) })).toEqual({ ok: true, text: wide });
  });
  it('explains network/CORS failures, HTTP errors, HTML pages and binary data', async () => {
    const cors = await fetchScenarioText('u', { limit: 10, fetchImpl: (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch });
    expect(cors).toMatchObject({ ok: false, code: 'fetch', message: expect.stringContaining('Access-Control-Allow-Origin') });
    expect(await fetchScenarioText('u', { fetchImpl: respond('no', { status: 404, statusText: 'Not Found' }) })).toMatchObject({
      ok: false,
      code: 'http',
      message: 'could not fetch the scenario: the server answered HTTP 404',
    });
    expect(await fetchScenarioText('u', { fetchImpl: respond('<html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }) })).toMatchObject({ ok: false, code: 'not-a-scenario' });
    expect(await fetchScenarioText('u', { fetchImpl: respond(Uint8Array.of(0xc3, 0x28)) })).toMatchObject({ ok: false, code: 'encoding', message: 'the scenario is not UTF-8 text' });
  });
  it('refuses what is not a scenario by Content-Type or first bytes, never quoting the body', async () => {
    const secret = 'api_key: sk-live-123456';
    for (const type of ['application/json', 'text/javascript', 'application/javascript; charset=utf-8', 'text/css', 'image/png']) {
      const r = await fetchScenarioText('u', { fetchImpl: respond(`version: 1\n${secret}`, { headers: { 'content-type': type } }) });
      expect(r, type).toMatchObject({ ok: false, code: 'not-a-scenario' });
      expect(JSON.stringify(r)).not.toContain('sk-live');
    }
    for (const body of [`{"version": 1, "api_key": "sk-live-123456"}`, `const version = 1; // ${secret}`, `${secret}\n`, `${'#'.repeat(5000)}\nversion: 1\n`]) {
      const r = await fetchScenarioText('u', { fetchImpl: respond(body, { headers: { 'content-type': 'text/plain' } }) });
      expect(r, body.slice(0, 30)).toMatchObject({ ok: false, code: 'not-a-scenario' });
      expect(JSON.stringify(r)).not.toContain('sk-live');
    }
    for (const [type, body] of [
      ['application/yaml', 'version: 1\n'],
      ['text/yaml; charset=utf-8', '\uFEFF# a comment\n---\nversion: 1\n'],
      ['application/x-yaml', 'metadata:\n  title: x\r\nversion: 1\r\n'],
      ['application/octet-stream', 'version: 1\n'],
      ['', 'version: 1\n'],
    ] as const) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      expect(await fetchScenarioText('u', { fetchImpl: respond(body, { headers }) }), type).toMatchObject({ ok: true });
    }
  });
  it('times out a server that stalls before its headers or in its body', async () => {
    // A fake fetch that never answers until aborted, like a stalled server.
    const hang = ((_u: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as unknown as typeof fetch;
    const t0 = Date.now();
    expect(await fetchScenarioText('u', { timeoutMs: 50, fetchImpl: hang })).toMatchObject({ ok: false, code: 'timeout', seconds: 0.1, message: expect.stringContaining('did not send it within') });
    expect(Date.now() - t0).toBeLessThan(2000);
    // Headers arrive, then the body stalls after its first bytes.
    const trickle = ((_u: string, init?: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('version: 1\n'));
          init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/yaml' } }));
    }) as unknown as typeof fetch;
    expect(await fetchScenarioText('u', { timeoutMs: 50, fetchImpl: trickle })).toMatchObject({ ok: false, code: 'timeout' });
  });
});

describe('shadow-root stylesheet', () => {
  it('moves :root to :host and gives registered properties their initial values', () => {
    const css = ':root,:host{--a:1}:root{--topo-bg:#fff}.x:root-ish{}@property --tw-shadow{syntax:"*";inherits:false;initial-value:0 0 #0000}@property --tw-ring-inset{syntax:"*";inherits:false}';
    const out = shadowCss(css);
    expect(out).toContain(':host{--topo-bg:#fff}');
    expect(out).not.toMatch(/:root(?![\w-])/);
    expect(out).toContain(':root-ish');
    expect(out.startsWith('@layer properties{:host,*,::before,::after,::backdrop{--tw-shadow:0 0 #0000}}')).toBe(true);
  });
});
