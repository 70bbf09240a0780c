/** The engine's English message catalog, one module per area (the reference: every language has exactly these keys). */
import { path } from './path';
import { bridge } from './bridge';
import { route } from './route';
import { neigh } from './neigh';
import { tunnel } from './tunnel';
import { mtu } from './mtu';
import { netfilter } from './netfilter';
import { nftables } from './nftables';
import { conntrack } from './conntrack';
import { ipvs } from './ipvs';
import { nat } from './nat';
import { icmp } from './icmp';
import { summary } from './summary';
import { breakage } from './breakage';
import { unevaluable } from './unevaluable';

export const en = { path, bridge, route, neigh, tunnel, mtu, netfilter, nftables, conntrack, ipvs, nat, icmp, summary, breakage, unevaluable } as const;
