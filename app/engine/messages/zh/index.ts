/** The engine's 简体中文 message catalog (typed against the English one: a missing key does not compile). */
import type { Catalog } from '../keys';
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

export const zh: Catalog = { path, bridge, route, neigh, tunnel, mtu, netfilter, nftables, conntrack, ipvs, nat, icmp, summary, breakage, unevaluable };
