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
  return (
    <div className="flex shrink-0 items-center gap-2 text-xs text-slate-700" data-testid="cluster-switch" title={t('cluster.hint')}>
      <SettingPicker label={t('cluster.mode')} testId="cluster-mode" value={cluster.mode} options={KUBE_PROXY_MODES} disabled={busy} onPick={(mode) => void switchCluster({ mode })} />
      <SettingPicker label={t('cluster.cni')} testId="cluster-cni" value={cluster.cni} options={CNIS} disabled={busy} onPick={(cni) => void switchCluster({ cni })} />
    </div>
  );
}

/** One labelled picker over a fixed list of setting values. */
function SettingPicker<T extends string>({
  label,
  testId,
  value,
  options,
  disabled,
  onPick,
}: {
  label: string;
  testId: string;
  value: T;
  options: readonly T[];
  disabled: boolean;
  onPick: (v: T) => void;
}) {
  return (
    <label className="flex items-center gap-1">
      {label}
      <select
        data-testid={testId}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-900"
        value={value}
        disabled={disabled}
        onChange={(e) => onPick(options.find((o) => o === e.target.value) ?? value)}
      >
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
