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
    expect(optionsFromQuery('?src=canal-nodeport&flow=f&step=13&controls=full&autoplay=1&lang=zh&origin=https://a.example&id=x')).toEqual({
      src: 'canal-nodeport',
      flow: 'f',
      step: 13,
      controls: 'full',
      autoplay: true,
      lang: 'zh',
      allowedOrigins: 'https://a.example',
      id: 'x',
    });
    expect(optionsFromQuery('?step=-1&controls=huge&lang=fr&autoplay=0')).toMatchObject({ src: '', step: undefined, controls: 'minimal', lang: 'en', autoplay: false });
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
    expect(await fetchScenarioText('https://x.example/a.yaml', 100, f)).toEqual({ ok: true, text: 'version: 1\n' });
    expect(seen).toMatchObject({ mode: 'cors', credentials: 'omit' });
  });
  it('refuses by Content-Length before reading, and by the bytes actually read', async () => {
    const big = await fetchScenarioText('u', 10, respond('x'.repeat(5), { headers: { 'content-length': '999' } }));
    expect(big).toEqual({ ok: false, message: expect.stringContaining('Content-Length 999') });
    const lying = await fetchScenarioText('u', 10, respond('x'.repeat(50)));
    expect(lying).toEqual({ ok: false, message: 'the scenario is larger than 10 bytes' });
  });
  it('explains network/CORS failures, HTTP errors, HTML pages and binary data', async () => {
    const cors = await fetchScenarioText('u', 10, (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch);
    expect(cors).toMatchObject({ ok: false, message: expect.stringContaining('Access-Control-Allow-Origin') });
    expect(await fetchScenarioText('u', 10, respond('no', { status: 404, statusText: 'Not Found' }))).toEqual({ ok: false, message: 'could not fetch the scenario: the server answered HTTP 404 Not Found' });
    expect(await fetchScenarioText('u', 100, respond('<html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }))).toMatchObject({ ok: false, message: expect.stringContaining('HTML page') });
    expect(await fetchScenarioText('u', 100, respond(Uint8Array.of(0xc3, 0x28)))).toEqual({ ok: false, message: 'the scenario is not UTF-8 text' });
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
