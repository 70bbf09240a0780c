#!/usr/bin/env python3
# The kernel harness's nftables trace listener, run inside a network namespace with `ip netns exec`.
#
#   python3 nftrace.py <seconds>
#
# Subscribes to NFNLGRP_NFTRACE (include/uapi/linux/netfilter/nfnetlink.h) on a NETLINK_NETFILTER
# socket and prints one JSON line per trace event the kernel sends (net/netfilter/nf_tables_trace.c
# nft_trace_notify): every attribute of enum nft_trace_attributes
# (include/uapi/linux/netfilter/nf_tables.h), decoded. Unlike `xtables-monitor --trace` and
# `nft monitor trace`, it keeps the events that carry no rule handle: the kernel emits one each
# time a chain ends without a verdict (nf_tables_core.c nft_do_chain → nft_trace_verdict), which
# the user-space tools do not print. Each event also carries `family`, the nfgenmsg family of the
# message (the traced table's family: 1 inet, 2 ip, 10 ip6; nft_trace_notify puts
# `info->basechain->type->family` there), and `nfproto`, NFTA_TRACE_NFPROTO (the hook's protocol
# family, 2 for an IPv4 packet in an inet chain). Prints `ready` once subscribed. Standard library only.
import json
import socket
import struct
import sys

NETLINK_NETFILTER = 12
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NFNLGRP_NFTRACE = 9
TYPES = {1: 'policy', 2: 'return', 3: 'rule'}


def attrs(b):
    out = {}
    i = 0
    while i + 4 <= len(b):
        ln, t = struct.unpack_from('HH', b, i)
        if ln < 4:
            break
        out[t & 0x7FFF] = b[i + 4:i + ln]
        i += (ln + 3) & ~3
    return out


def u32(b):
    return struct.unpack('>I', b[:4])[0]


def ifname(idx):
    try:
        return socket.if_indextoname(idx)
    except OSError:
        return str(idx)


def event(a):
    e = {'id': '%08x' % u32(a[6]) if 6 in a else None}
    e['type'] = TYPES.get(u32(a[4]), str(u32(a[4]))) if 4 in a else None
    e['table'] = a.get(1, b'').rstrip(b'\0').decode()
    e['chain'] = a.get(2, b'').rstrip(b'\0').decode()
    if 3 in a:
        e['handle'] = struct.unpack('>Q', a[3])[0]
    if 5 in a:
        v = attrs(a[5])
        if 1 in v:
            e['verdict'] = struct.unpack('>i', v[1][:4])[0]
        if 2 in v:
            e['target'] = v[2].rstrip(b'\0').decode()
    if 15 in a:
        e['nfproto'] = u32(a[15])
    if 16 in a:
        e['policy'] = struct.unpack('>i', a[16][:4])[0]
    if 10 in a:
        e['iif'] = ifname(u32(a[10]))
    if 12 in a:
        e['oif'] = ifname(u32(a[12]))
    if 14 in a:
        e['mark'] = u32(a[14])
    for k, name in ((7, 'll'), (8, 'net'), (9, 'th')):
        if k in a:
            e[name] = a[k].hex()
    return e


def main():
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind((0, 0))
    s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NFNLGRP_NFTRACE)
    s.settimeout(limit)
    print('ready', flush=True)
    try:
        while True:
            try:
                data = s.recv(1 << 16)
            except socket.timeout:
                raise
            except OSError as err:  # ENOBUFS: events were lost; say so and go on
                print(json.dumps({'lost': str(err)}), flush=True)
                continue
            off = 0
            while off + 16 <= len(data):
                ln = struct.unpack_from('I', data, off)[0]
                if ln < 20:
                    break
                e = event(attrs(data[off + 20:off + ln]))
                e['family'] = data[off + 16]  # struct nfgenmsg follows the 16-byte nlmsghdr
                print(json.dumps(e), flush=True)
                off += (ln + 3) & ~3
    except socket.timeout:
        pass


main()
