/**
 * For a scenario built from a cluster file: kube-proxy's mode and the CNI as two pickers. Changing
 * one rebuilds the scenario from the same file with that field changed and re-traces the flow
 * (the store's `switchCluster`); the builder's errors, if any, show in the error list.
 */
import { useTranslation } from 'react-i18next';
import { CNIS, KUBE_PROXY_MODES } from '../cluster/cnis';
import { usePacketWalk } from './store-context';

/** The two pickers; nothing for a scenario that is not a cluster file. */
export function ClusterSwitch() {
  const { t } = useTranslation();
  const cluster = usePacketWalk((s) => s.scenario?.cluster ?? null);
  const busy = usePacketWalk((s) => s.busy !== null);
  const switchCluster = usePacketWalk((s) => s.switchCluster);
  if (!cluster) return null;
  const select = 'rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-900';
  return (
    <div className="flex shrink-0 items-center gap-2 text-xs text-slate-700" data-testid="cluster-switch" title={t('cluster.hint')}>
      <label className="flex items-center gap-1">
        {t('cluster.mode')}
        <select data-testid="cluster-mode" className={select} value={cluster.mode} disabled={busy} onChange={(e) => void switchCluster({ mode: e.target.value as (typeof KUBE_PROXY_MODES)[number] })}>
          {KUBE_PROXY_MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        {t('cluster.cni')}
        <select data-testid="cluster-cni" className={select} value={cluster.cni} disabled={busy} onChange={(e) => void switchCluster({ cni: e.target.value as (typeof CNIS)[number] })}>
          {CNIS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
