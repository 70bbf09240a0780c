/** The header table of an ICMP error: the quoted packet as its own layer, its un-NAT marked old → new. */
import { describe, expect, it } from 'vitest';
import { errorSteps } from '../store/test/error-trace';
import { headerSections } from './header-rows';

describe('headerSections of an error step', () => {
  it('shows the quoted header after the ICMP header, with its summary', () => {
    const s = headerSections(errorSteps[4]);
    expect(s.map((x) => x.id)).toEqual(['eth', 'ip', 'l4', 'embedded', 'skb']);
    const q = s.find((x) => x.id === 'embedded')!;
    expect(q).toMatchObject({ titleKey: 'field.quoted', summary: '10.244.1.5:40000 → 10.244.2.7:8080 TCP' });
    expect(q.cells.map((c) => c.field)).toEqual(['embedded.ip.src', 'embedded.ip.dst', 'embedded.ip.ttl', 'embedded.ip.proto', 'embedded.l4.sport', 'embedded.l4.dport']);
  });

  it('marks conntrack’s un-NAT of the quoted header old → new', () => {
    const q = headerSections(errorSteps[5]).find((x) => x.id === 'embedded')!;
    expect(q.cells.find((c) => c.field === 'embedded.ip.dst')).toMatchObject({ value: '10.96.0.10', from: '10.244.2.7' });
    expect(q.cells.find((c) => c.field === 'embedded.l4.dport')).toMatchObject({ value: '80', from: '8080' });
    expect(q.cells.find((c) => c.field === 'embedded.ip.src')!.from).toBeUndefined();
  });

  it('has no quoted layer on a packet that quotes none', () => {
    expect(headerSections(errorSteps[2]).some((x) => x.id === 'embedded')).toBe(false);
  });
});
