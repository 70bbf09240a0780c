/** The `#s=` codec: round trips, URL safety, limits and damaged links. */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../store/disk-fixtures';
import { decodeScenario, encodeScenario, fragmentValue, fromBase64Url, scenarioFragment, toBase64Url } from './fragment';

const canal = readFileSync(`${SCENARIO_DIR}/canal-nodeport.yaml`, 'utf8');

describe('#s= fragment codec', () => {
  it('round-trips a bundled scenario, much smaller than the text', async () => {
    const v = await encodeScenario(canal);
    expect(v).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(v.length).toBeLessThan(canal.length / 2);
    expect(await decodeScenario(v)).toEqual({ ok: true, text: canal });
  });
  it('round-trips non-ASCII text and the empty string', async () => {
    for (const text of ['metadata:\n  title: 跨主机 ✓ — ü\n', '']) expect(await decodeScenario(await encodeScenario(text))).toEqual({ ok: true, text });
  });
  it('is raw DEFLATE: what zlib.deflateRawSync makes decodes too (links made on the command line)', async () => {
    const v = deflateRawSync(Buffer.from(canal)).toString('base64url');
    expect(await decodeScenario(v)).toEqual({ ok: true, text: canal });
  });
  it('builds and reads #s= fragments', async () => {
    const hash = await scenarioFragment('version: 1\n');
    expect(hash.startsWith('#s=')).toBe(true);
    expect(fragmentValue(hash)).toBe(hash.slice(3));
    expect(fragmentValue(`${hash}&x=1`)).toBe(hash.slice(3));
    expect(fragmentValue('#x=1')).toBeNull();
    expect(fragmentValue('s=abc')).toBeNull();
  });
  it('base64url: every byte value, with and without padding', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const b = toBase64Url(all);
    expect(b).not.toMatch(/[+/=]/);
    expect(fromBase64Url(b)).toEqual(all);
    expect(fromBase64Url('YQ==')).toEqual(Uint8Array.of(97));
    expect(fromBase64Url('a+b/')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
  });
  it('refuses damaged links with a sentence, never throws', async () => {
    for (const v of ['', '!!!', 'AAAA', toBase64Url(Uint8Array.of(0xff, 0xfe, 0xfd, 0x00, 0x13))]) {
      const r = await decodeScenario(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/#s= link/);
    }
  });
  it('refuses text that is not UTF-8', async () => {
    const r = await decodeScenario(deflateRawSync(Buffer.from([0xc3, 0x28])).toString('base64url'));
    expect(r.ok).toBe(false);
  });
  it('stops inflating past the limit (a small link cannot become a huge string)', async () => {
    // 17 MB of one letter, past MAX_FETCH_BYTES (16 MB), from a link of a few tens of kB.
    const bomb = deflateRawSync(Buffer.alloc(17_000_000, 0x61)).toString('base64url');
    expect(bomb.length).toBeLessThan(30_000);
    const r = await decodeScenario(bomb);
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.message).toContain('larger than');
    expect((await decodeScenario(await encodeScenario('x'.repeat(100)), 50)).ok).toBe(false);
  });
});
