import { describe, expect, it } from 'vitest';
import { kernelDests } from '../../engine/ipvs/types';
import { wholeFileLocator } from '../errors';
import { parseIpvsadm } from './ipvsadm';

const parse = (text: string) => parseIpvsadm(text, wholeFileLocator('n.ipvs', 'hosts[0].ipvs'));

/** kube-proxy ipvs mode, as `ipvsadm -Sn` prints it (ipvsadm 1.31 print_service_entry, FMT_RULE). */
const SAVE = `-A -t 10.96.0.1:443 -s rr
-a -t 10.96.0.1:443 -r 172.16.240.131:6443 -m -w 1
-A -u 10.96.0.10:53 -s rr -p 10800
-a -u 10.96.0.10:53 -r 10.244.0.2:53 -m -w 1
-a -u 10.96.0.10:53 -r 10.244.1.3:53 -m -w 1
-A -t 172.16.240.131:31266 -s sh -b sh-fallback,sh-port
-a -t 172.16.240.131:31266 -r 10.244.0.74:2368 -m -w 1
-a -t 172.16.240.131:31266 -r 10.244.1.5:2368 -m -w 0
-A -f 7 -s wlc -p 60 -M 255.255.255.0
-a -f 7 -r 192.168.2.10 -g -w 2
`;

describe('ipvsadm -Sn', () => {
  it('reads services, schedulers, persistence, flags and real servers', () => {
    const { ipvs, errors } = parse(SAVE);
    expect(errors).toEqual([]);
    expect(ipvs.services.map((s) => [s.key, s.scheduler, s.persistent, s.schedFlags, s.dests.length])).toEqual([
      [{ kind: 'addr', protocol: 'tcp', addr: '10.96.0.1', port: 443 }, 'rr', undefined, [], 1],
      [{ kind: 'addr', protocol: 'udp', addr: '10.96.0.10', port: 53 }, 'rr', { timeout: 10800, netmaskLen: 32 }, [], 2],
      [{ kind: 'addr', protocol: 'tcp', addr: '172.16.240.131', port: 31266 }, 'sh', undefined, ['sh-fallback', 'sh-port'], 2],
      [{ kind: 'fwmark', mark: 7 }, 'wlc', { timeout: 60, netmaskLen: 24 }, [], 1],
    ]);
    const np = ipvs.services[2];
    expect(np.dests[1]).toMatchObject({ addr: '10.244.1.5', port: 2368, forward: 'masq', weight: 0, source: { line: 8, column: 1 } });
    expect(ipvs.services[3].dests[0]).toMatchObject({ addr: '192.168.2.10', port: 0, forward: 'droute', weight: 2 });
  });

  it('the kernel list is the restore order reversed (each -a is added at the head)', () => {
    const dns = parse(SAVE).ipvs.services[1];
    expect(kernelDests(dns).map((d) => d.addr)).toEqual(['10.244.1.3', '10.244.0.2']);
  });

  it('accepts long options and a leading ipvsadm, as ipvsadm -R does', () => {
    const { ipvs, errors } = parse('ipvsadm --add-service --tcp-service 10.0.0.1:80 --scheduler lc\nipvsadm -a -t 10.0.0.1:80 --real-server 10.1.0.1:8080 --masquerading --weight 3');
    expect(errors).toEqual([]);
    expect(ipvs.services[0].dests[0]).toMatchObject({ port: 8080, forward: 'masq', weight: 3 });
  });

  it('positions errors at the word', () => {
    const errs = (t: string) => parse(t).errors.map((e) => [e.line, e.column, e.message]);
    expect(errs('-A -t 10.0.0.1:80 -s fastest')).toEqual([[1, 22, expect.stringMatching(/unknown scheduler "fastest"/)]]);
    expect(errs('-a -t 10.0.0.1:80 -r 10.1.0.1 -m')).toEqual([[1, 7, expect.stringMatching(/No such service: tcp 10.0.0.1:80/)]]);
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.1.0.1 -m -w -1')).toEqual([[2, 37, expect.stringMatching(/illegal weight "-1"/)]]);
    expect(errs('-A -t 10.0.0.1:80\n-a -t 10.0.0.1:80 -r 10.1.0.1 -x 5')).toEqual([[2, 31, expect.stringMatching(/thresholds .* not modelled/)]]);
    expect(errs('-A -t 10.0.0.1 -s rr')).toEqual([[1, 1, 'Zero port specified for non-persistent service']]);
    expect(errs('-A -t 10.0.0.1:80 -s rr ops')).toEqual([[1, 1, 'One-Packet Scheduling is only for UDP virtual services']]);
    expect(errs('-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80')).toEqual([[2, 7, expect.stringMatching(/Service already exists/)]]);
    expect(errs('-A -t 10.0.0.1:80 -s sh -b sh-whatever')).toEqual([[1, 28, 'invalid scheduler flag "sh-whatever"']]);
  });
});

describe('ipvsadm -Ln', () => {
  const LIST = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.1:443 lc
  -> 172.16.240.131:6443          Masq    1      3          12
  -> 172.16.240.132:6443          Masq    1      0          40
UDP  10.96.0.10:53 rr persistent 10800
  -> 10.244.0.2:53                Masq    1      0          0
`;
  it('reads the connection counts the lc family uses', () => {
    const { ipvs, errors } = parse(LIST);
    expect(errors).toEqual([]);
    expect(ipvs.services[0].dests.map((d) => [d.addr, d.activeConns, d.inactConns])).toEqual([
      ['172.16.240.131', 3, 12],
      ['172.16.240.132', 0, 40],
    ]);
    expect(ipvs.services[1].persistent).toEqual({ timeout: 10800, netmaskLen: 32 });
  });
  it('Local forwarding and stray lines are positioned errors', () => {
    expect(parse('TCP  10.0.0.1:80 rr\n  -> 10.0.0.1:80 Local 1 0 0').errors[0]).toMatchObject({ line: 2, column: 18 });
    expect(parse('  -> 10.0.0.1:80 Masq 1 0 0').errors[0]).toMatchObject({ line: 1, column: 3 });
  });
});
