// The probe agent of the kernel harness, run inside a network namespace with `ip netns exec`.
// Plain JavaScript (no build step) so it starts fast with `node`.
//
//   node agent.mjs listen <tcp-ports,comma> <udp-ports,comma> <seconds>
//     Listens on 0.0.0.0 for TCP and, for UDP, on every local IPv4 address (so a reply leaves from
//     the address the request was sent to, as the engine assumes). Prints `ready` once bound and
//     one JSON line per connection or datagram received. Exits after <seconds>.
//   node agent.mjs tcp <dst> <dport> <sport> <src|-> <timeout-ms>
//   node agent.mjs udp <dst> <dport> <sport> <src|-> <timeout-ms> [ttl|-] [ip-total-length|-]
//     Sends one probe and prints one JSON line: {"ok":true|false, ...}; on failure `error` is the
//     socket's errno code (ECONNREFUSED, EHOSTUNREACH…: connect() for TCP, the connected UDP
//     socket's error) or `timeout`.
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';

const [mode, ...args] = process.argv.slice(2);
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

if (mode === 'listen') {
  const tcp = (args[0] ?? '').split(',').filter(Boolean).map(Number);
  const udp = (args[1] ?? '').split(',').filter(Boolean).map(Number);
  const seconds = Number(args[2] ?? 30);
  setTimeout(() => process.exit(0), seconds * 1000).unref();
  const pending = [];
  for (const port of tcp) {
    const srv = net.createServer((s) => {
      out({ event: 'accept', proto: 'tcp', local: s.localAddress, localPort: s.localPort, remote: s.remoteAddress, remotePort: s.remotePort });
      s.on('error', () => {});
      s.destroy();
    });
    srv.on('error', (e) => out({ event: 'error', proto: 'tcp', port, error: e.message }));
    pending.push(new Promise((r) => srv.listen({ port, host: '0.0.0.0', backlog: 16 }, r)));
  }
  const addrs = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4')
    .map((a) => a.address);
  for (const port of udp) {
    for (const address of addrs) {
      const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      sock.on('message', (msg, rinfo) => {
        out({ event: 'datagram', proto: 'udp', local: address, localPort: port, remote: rinfo.address, remotePort: rinfo.port });
        sock.send(Buffer.from('pong'), rinfo.port, rinfo.address);
      });
      sock.on('error', (e) => out({ event: 'error', proto: 'udp', port, address, error: e.message }));
      pending.push(new Promise((r) => sock.bind({ port, address }, r)));
    }
  }
  Promise.all(pending).then(() => process.stdout.write('ready\n'));
} else if (mode === 'tcp' || mode === 'udp') {
  const [dst, dport, sport, src, timeoutMs, ttlArg, sizeArg] = args;
  const ttl = ttlArg && ttlArg !== '-' ? Number(ttlArg) : undefined;
  // The datagram's payload: the IP total length less 20 (IP) and 8 (UDP) bytes of headers.
  const payload = Buffer.alloc(sizeArg && sizeArg !== '-' ? Math.max(0, Number(sizeArg) - 28) : 4, 'p');
  const limit = Number(timeoutMs ?? 1000);
  const localAddress = src && src !== '-' ? src : undefined;
  const t0 = Date.now();
  let done = false;
  const finish = (o) => {
    if (done) return;
    done = true;
    out({ ...o, ms: Date.now() - t0 });
    setTimeout(() => process.exit(0), 20);
  };
  setTimeout(() => finish({ ok: false, error: 'timeout' }), limit);
  if (mode === 'tcp') {
    const s = net.connect({ host: dst, port: Number(dport), localPort: Number(sport), localAddress });
    s.on('connect', () => {
      finish({ ok: true, local: s.localAddress, remote: s.remoteAddress, remotePort: s.remotePort });
      s.destroy();
    });
    s.on('error', (e) => finish({ ok: false, error: e.code ?? e.message }));
  } else {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => {
      finish({ ok: true, remote: rinfo.address, remotePort: rinfo.port });
      sock.close();
    });
    sock.on('error', (e) => finish({ ok: false, error: e.code ?? e.message }));
    // Connected, so an ICMP error about the datagram reaches the socket as an errno (udp(7)).
    sock.bind({ port: Number(sport), address: localAddress }, () => {
      if (ttl !== undefined) sock.setTTL(ttl);
      sock.connect(Number(dport), dst, (err) => (err ? finish({ ok: false, error: err.code ?? err.message }) : sock.send(payload, (e) => e && finish({ ok: false, error: e.code ?? e.message }))));
    });
  }
} else {
  process.stderr.write('usage: agent.mjs listen|tcp|udp …\n');
  process.exit(2);
}
