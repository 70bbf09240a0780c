/** URL round trip of the location. */
import { describe, expect, it } from 'vitest';
import { formatLocation, handoutSearch, isHandout, parseLocation } from './url';

describe('url', () => {
  it('round-trips scenario, flow, step (numbered from 1 in the URL, as displayed) and choices', () => {
    const loc = { scenario: 'canal-nodeport', flow: 'client-to-nodeport', step: 13, choices: { 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 2 } };
    const s = formatLocation(loc);
    expect(s).toBe('?scenario=canal-nodeport&flow=client-to-nodeport&step=14&choice=centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY:2');
    expect(parseLocation(s)).toEqual(loc);
  });

  it('ignores a malformed step and writes nothing for a local file', () => {
    expect(parseLocation('?scenario=x&step=abc')).toEqual({ scenario: 'x', flow: undefined, step: undefined, choices: undefined });
    // step=1 is the first step; an old link's step=0 opens it too.
    expect(parseLocation('?scenario=x&step=1').step).toBe(0);
    expect(parseLocation('?scenario=x&step=0').step).toBe(0);
    expect(formatLocation({ flow: 'f', step: 1 })).toBe('');
  });

  it('carries the language and presenter mode, and ignores an unknown language', () => {
    const s = formatLocation({ scenario: 'calico-ipip', step: 2, lang: 'zh', present: true });
    expect(s).toBe('?scenario=calico-ipip&step=3&lang=zh&present=1');
    expect(parseLocation(s)).toMatchObject({ lang: 'zh', present: true });
    expect(parseLocation('?lang=fr')).not.toHaveProperty('lang');
    expect(parseLocation('?present=0').present).toBe(false);
  });

  it('builds and recognises the handout link', () => {
    const s = handoutSearch({ scenario: 'canal-nodeport', flow: 'client-to-nodeport', step: 5, lang: 'en', present: true });
    expect(s).toBe('?scenario=canal-nodeport&flow=client-to-nodeport&lang=en&handout=1');
    expect(isHandout(s)).toBe(true);
    expect(isHandout('?scenario=x')).toBe(false);
  });
});
