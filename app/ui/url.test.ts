/** URL round trip of the location. */
import { describe, expect, it } from 'vitest';
import { formatLocation, parseLocation } from './url';

describe('url', () => {
  it('round-trips scenario, flow, step and choices', () => {
    const loc = { scenario: 'canal-nodeport', flow: 'client-to-nodeport', step: 13, choices: { 'centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY': 2 } };
    const s = formatLocation(loc);
    expect(s).toBe('?scenario=canal-nodeport&flow=client-to-nodeport&step=13&choice=centos7-1/nat/KUBE-SVC-TFV3VPHN2LAGKCVY:2');
    expect(parseLocation(s)).toEqual(loc);
  });

  it('ignores a malformed step and writes nothing for a local file', () => {
    expect(parseLocation('?scenario=x&step=abc')).toEqual({ scenario: 'x', flow: undefined, step: undefined, choices: undefined });
    expect(formatLocation({ flow: 'f', step: 1 })).toBe('');
  });
});
