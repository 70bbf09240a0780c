/**
 * kube-proxy's iptables rule generation on cases the upstream literals do not cover: Go's number
 * formatting, sloppy address parsing, Services kube-proxy skips, internalTrafficPolicy Local,
 * terminating endpoints, masqueradeAll and --nodeport-addresses (pkg/proxy/iptables/proxier.go).
 */
import { describe, expect, it } from 'vitest';
import { kubeProxyIptables, probability } from './iptables';
import { restoreText } from './iptables-writer';
import { parseCidrSloppy, parseIPv4Sloppy } from './ip-sloppy';
import type { EndpointSlice, Service } from './objects';
import { servicePorts } from './service-ports';
import { defaultSettings, type ProxierSettings } from './settings';

const svc = (name: string, spec: Partial<Service['spec']>): Service => ({
  metadata: { name, namespace: 'default' },
  spec: { clusterIP: '10.96.0.10', ports: [{ name: 'http', protocol: 'TCP', port: 80 }], ...spec },
});
const slice = (name: string, endpoints: EndpointSlice['endpoints']): EndpointSlice => ({
  metadata: { name: `${name}-1`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
  addressType: 'IPv4',
  endpoints,
  ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
});
const settings: ProxierSettings = defaultSettings('node-a', '192.168.0.2', '10.244.0.0/16');
const rules = (services: Service[], slices: EndpointSlice[], s: ProxierSettings = settings) => restoreText(kubeProxyIptables(servicePorts(services, slices, s.nodeName).ports, s)).split('\n');

describe('kube-proxy iptables generation', () => {
  it('prints probabilities as Go %0.10f does, exact ties to even', () => {
    expect(probability(2)).toBe('0.5000000000');
    expect(probability(3)).toBe('0.3333333333');
    expect(probability(6)).toBe('0.1666666667');
    expect(probability(2048)).toBe('0.0004882812');
  });

  it('reads addresses the sloppy way: leading zeros are decimal', () => {
    expect(parseIPv4Sloppy('172.30.0.041')).toBe('172.30.0.41');
    expect(parseIPv4Sloppy('10.1.2')).toBeUndefined();
    expect(parseIPv4Sloppy('256.1.1.1')).toBeUndefined();
    expect(parseCidrSloppy('203.0.113.000/025')).toBe('203.0.113.0/25');
    expect(parseCidrSloppy('10.0.0.1/33')).toBeUndefined();
  });

  it('writes no rule for headless and ExternalName Services, and says why', () => {
    const r = servicePorts([svc('headless', { clusterIP: 'None' }), svc('ext', { type: 'ExternalName', clusterIP: undefined })], [], 'node-a');
    expect(r.ports).toEqual([]);
    expect(r.skipped).toEqual([
      { service: 'default/headless', reason: 'headless' },
      { service: 'default/ext', reason: 'external-name' },
    ]);
  });

  it('rejects traffic to a Service without endpoints in filter KUBE-SERVICES', () => {
    expect(rules([svc('web', {})], [])).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http has no endpoints" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j REJECT');
  });

  it('drops ClusterIP traffic when internalTrafficPolicy is Local and no endpoint is on this node', () => {
    const out = rules([svc('web', { internalTrafficPolicy: 'Local' })], [slice('web', [{ addresses: ['10.244.1.5'], nodeName: 'node-b' }])]);
    expect(out).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http has no local endpoints" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j DROP');
    expect(out.some((l) => l.startsWith('-A KUBE-SVL-'))).toBe(false);
  });

  it('sends ClusterIP traffic to the local endpoints only (KUBE-SVL) with internalTrafficPolicy Local', () => {
    const out = rules(
      [svc('web', { internalTrafficPolicy: 'Local' })],
      [
        slice('web', [
          { addresses: ['10.244.1.5'], nodeName: 'node-b' },
          { addresses: ['10.244.0.7'], nodeName: 'node-a' },
        ]),
      ],
    );
    const svl = out.filter((l) => l.startsWith('-A KUBE-SVL-'));
    expect(svl).toHaveLength(2);
    expect(svl[1]).toMatch(/"default\/web:http -> 10\.244\.0\.7:8080" -j KUBE-SEP-/);
  });

  it('falls back to serving, terminating endpoints when none is ready', () => {
    const out = rules(
      [svc('web', {})],
      [
        slice('web', [
          { addresses: ['10.244.1.5'], conditions: { ready: false, serving: true, terminating: true } },
          { addresses: ['10.244.1.6'], conditions: { ready: false, serving: false, terminating: true } },
        ]),
      ],
    );
    expect(out.filter((l) => /^-A KUBE-SVC-.* -> /.test(l))).toEqual([expect.stringContaining('10.244.1.5:8080')]);
  });

  it('masquerades every ClusterIP packet with masqueradeAll', () => {
    const out = rules([svc('web', {})], [slice('web', [{ addresses: ['10.244.1.5'] }])], { ...settings, masqueradeAll: true });
    expect(out).toContain(
      `-A ${out.find((l) => l.startsWith(':KUBE-SVC-'))!.slice(1, -8)} -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-MARK-MASQ`,
    );
  });

  it('matches NodePorts on the node addresses inside --nodeport-addresses', () => {
    const s = { ...settings, nodePortAddresses: ['192.168.0.0/24'], interfaceAddresses: { lo: ['127.0.0.1/8'], eth0: ['192.168.0.2/24', '10.0.0.2/24'] } };
    const out = rules([svc('web', { type: 'NodePort', ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 30080 }] })], [slice('web', [{ addresses: ['10.244.1.5'] }])], s);
    expect(out.filter((l) => l.includes('-j KUBE-NODEPORTS'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS',
    ]);
    expect(out.some((l) => l.includes('-d 127.0.0.0/8 --dport 30080'))).toBe(false);
  });
});
