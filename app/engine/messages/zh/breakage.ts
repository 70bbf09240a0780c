/** 简体中文 templates of the engine's `breakage.*` messages (same keys and `{{param}}` slots as ../en/breakage.ts). */
import type { Catalog } from '../keys';

export const breakage: Catalog['breakage'] = {
  deleteRule: '{{netns}}：删除 {{table}} {{chain}} 第 {{index}} 条规则',
  deleteRuleText: '{{netns}}：删除 {{table}} {{chain}} 第 {{index}} 条规则：{{rule}}',
  deleteRoute: '{{netns}}：ip route del {{route}}',
  ipForwardOff: '{{netns}}：net.ipv4.ip_forward = 0',
  rpFilterStrict: '{{netns}}：net.ipv4.conf.all.rp_filter = 1（严格模式）',
  dropMasquerade: '{{netns}}：删除所有 MASQUERADE 规则',
  setMtu: '{{netns}}：ip link set {{dev}} mtu {{mtu}}',
};
