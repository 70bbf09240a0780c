/** The CLI's text output of a Trace with an error direction. */
import { describe, expect, it } from 'vitest';
import { errorTrace } from '../store/test/error-trace';
import { formatTrace } from './trace-text';

describe('formatTrace', () => {
  it('prints error steps as err, the quoted header, devices, wire and the answer of a drop', () => {
    const lines = formatTrace(errorTrace()).split('\n');
    expect(lines[3]).toMatch(/^ {3}2 req node2\/eth0 .* -A KUBE-FORWARD -d 10\.244\.2\.7 -p tcp -j REJECT {2}\(iptables-save: -A KUBE-FORWARD -d 10\.244\.2\.7\/32 .*\) \[in eth0 out cni0\]/);
    expect(lines[5]).toBe('         answers with ICMP port unreachable (type 3 code 3) to 10.244.1.5');
    expect(lines[7]).toMatch(/^ {3}5 err node2 .* quoting \[10\.244\.1\.5:40000 → 10\.96\.0\.10:80 tcp\] {2}\{embedded\.ip\.dst 10\.244\.2\.7→10\.96\.0\.10, embedded\.l4\.dport 8080→80\}$/);
    expect(lines[8]).toMatch(/^ {3}6 err node2\/eth0 .*\[wire tx\]/);
  });
  it('prints the error outcome and what the application sees', () => {
    const out = formatTrace(errorTrace());
    expect(out).toContain('\nrequest: DROPPED at node2/eth0 (rule): rejected by filter KUBE-FORWARD rule 1 (ICMP icmp-port-unreachable goes back to 10.244.1.5)\n');
    expect(out).toContain('\nerror (ICMP port unreachable (type 3 code 3)): DELIVERED at client/eth0: ');
    expect(out).toContain('\napplication: the application sees: ECONNREFUSED ("Connection refused")');
  });
  it('says when nothing came back', () => {
    const t = errorTrace();
    const req = { ...(t.outcome.request as Extract<typeof t.outcome.request, { result: 'dropped' }>), answer: undefined };
    const out = formatTrace(errorTrace({ request: req, error: null }));
    expect(out).toContain('\nerror: none sent\napplication: nothing is sent back: the application waits until it times out');
  });
});
