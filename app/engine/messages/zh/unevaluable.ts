/** 简体中文 templates of the engine's `unevaluable.*` messages (same keys and `{{param}}` slots as ../en/unevaluable.ts). */
import type { Catalog } from '../keys';

export const unevaluable: Catalog['unevaluable'] = {
  nftFamilyNotRun: '引擎只运行 ip 和 inet 族的 IPv4 hook',
  ipvsScheduler: '未模拟 {{scheduler}} 调度算法',
  ipvsForwarding: '只模拟了 NAT 转发方式（-m）',
};
