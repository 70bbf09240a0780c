/**
 * The netfilter hook pipeline of the current netns as the classic diagram — forward path on top
 * (PREROUTING → routing decision → FORWARD → POSTROUTING), the local branch below (INPUT → socket →
 * routing → OUTPUT) — with the current hook or decision lit.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { selectHookFunctions, selectPipelinePosition, type HookFunctionRow, type PipelinePosition } from '../store';
import { directionStyle } from './direction-style';
import { usePacketWalk } from './store-context';

interface Chip {
  id: string;
  text: string;
  x: number;
  y: number;
  w: number;
  /** Which pipeline positions light this chip. */
  lit: (p: PipelinePosition) => boolean;
}

const R1 = 6;
const R2 = 44;
const H = 22;
const CHIPS: Chip[] = [
  { id: 'in', text: 'in', x: 2, y: R1, w: 32, lit: (p) => p.node === 'in' },
  { id: 'PREROUTING', text: 'PREROUTING', x: 50, y: R1, w: 92, lit: (p) => p.node === 'PREROUTING' },
  { id: 'routing', text: 'routing', x: 158, y: R1, w: 62, lit: (p) => p.node === 'routing' && p.row !== 'output' },
  { id: 'FORWARD', text: 'FORWARD', x: 236, y: R1, w: 72, lit: (p) => p.node === 'FORWARD' },
  { id: 'POSTROUTING', text: 'POSTROUTING', x: 324, y: R1, w: 100, lit: (p) => p.node === 'POSTROUTING' },
  { id: 'out', text: 'out', x: 440, y: R1, w: 36, lit: (p) => p.node === 'out' },
  { id: 'INPUT', text: 'INPUT', x: 158, y: R2, w: 62, lit: (p) => p.node === 'INPUT' },
  { id: 'local', text: 'socket', x: 236, y: R2, w: 58, lit: (p) => p.node === 'local' },
  { id: 'routing-out', text: 'routing', x: 304, y: R2, w: 56, lit: (p) => p.node === 'routing' && p.row === 'output' },
  { id: 'OUTPUT', text: 'OUTPUT', x: 370, y: R2, w: 62, lit: (p) => p.node === 'OUTPUT' },
];

const ARROWS = ['M34,17H50', 'M142,17H158', 'M220,17H236', 'M308,17H324', 'M424,17H440', 'M189,28V44', 'M220,55H236', 'M294,55H304', 'M360,55H370', 'M432,55H440V28'];

/** The pipeline diagram for the step under the cursor. */
export function Pipeline() {
  const { t } = useTranslation();
  const pos = usePacketWalk(useShallow(selectPipelinePosition));
  const direction = usePacketWalk((s) => s.trace?.steps[s.step]?.direction ?? 'request');
  if (!pos) return null;
  const { color, onColor } = directionStyle(direction);
  const current = CHIPS.find((c) => c.lit(pos));
  const label = (c: Chip) => (c.text === 'routing' ? t('pipeline.routing') : c.text === 'socket' ? t('pipeline.socket') : c.text);
  return (
    <section aria-label={t('pipeline.label')} data-testid="pipeline">
      <svg viewBox="0 0 480 72" className="w-full max-w-[520px]" role="img" aria-label={t('pipeline.aria', { current: current ? label(current) : t('pipeline.none') })}>
        <defs>
          <marker id="pw-arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0L6,3L0,6z" style={{ fill: 'var(--pipeline-arrow)' }} />
          </marker>
        </defs>
        {ARROWS.map((d) => (
          <path key={d} d={d} style={{ stroke: 'var(--pipeline-arrow)' }} strokeWidth="1.5" fill="none" markerEnd="url(#pw-arrow)" />
        ))}
        {CHIPS.map((c) => {
          const on = c === current;
          return (
            <g key={c.id} data-testid={on ? 'pipeline-current' : undefined} data-node={c.id}>
              <rect x={c.x} y={c.y} width={c.w} height={H} rx="4" style={{ fill: on ? color : 'var(--pipeline-idle)', stroke: on ? color : 'var(--pipeline-idle-stroke)' }} strokeWidth="1.5" />
              <text
                x={c.x + c.w / 2}
                y={c.y + 15}
                textAnchor="middle"
                fontSize={c.text === 'routing' || c.text === 'socket' ? 11 : 11.5}
                fontWeight={on ? 700 : 500}
                style={{ fill: on ? onColor : 'var(--pipeline-text)' }}
              >
                {label(c)}
              </text>
            </g>
          );
        })}
      </svg>
      <HookFunctionList />
    </section>
  );
}

/** The functions registered at the current hook, in priority order, the current one marked. */
function HookFunctionList() {
  const { t } = useTranslation();
  const fns = usePacketWalk(selectHookFunctions);
  if (!fns || fns.rows.length === 0) return null;
  const name = (r: HookFunctionRow): string => {
    switch (r.kind) {
      case 'conntrack':
        return t('pipeline.fnConntrack');
      case 'confirm':
        return t('pipeline.fnConfirm');
      case 'xt':
        return t('pipeline.fnXt', { table: r.xtTable ?? '' });
      case 'nft':
        return t('pipeline.fnNft', { family: r.nft![0].family, table: r.nft![0].table, chain: r.nft![0].chain });
      case 'nat': {
        const parts = [...(r.xtTable ? [t('pipeline.fnXt', { table: 'nat' })] : []), ...(r.nft ?? []).map((c) => `${t('pipeline.fnNft', c)} (${c.priority})`)];
        return parts.length ? `${t('pipeline.fnNat')}: ${parts.join(', ')}` : t('pipeline.fnNatNone');
      }
      case 'ipvs':
        return t('pipeline.fnIpvs', { fn: r.ipvs ?? '' });
    }
  };
  return (
    <ol aria-label={t('pipeline.functions', { hook: fns.hook, netns: fns.netns })} data-testid="hook-functions" className="mt-1 flex flex-wrap gap-x-1 gap-y-0.5 text-[11px] leading-tight">
      {fns.rows.map((r, i) => (
        <li
          key={i}
          data-current={r.current || undefined}
          className={`rounded px-1 py-0.5 ${r.current ? 'font-bold outline outline-1' : 'opacity-80'}`}
          style={{ background: 'var(--pipeline-idle)', color: 'var(--pipeline-text)' }}
        >
          <span className="tabular-nums">{r.priority === 2147483647 ? t('pipeline.last') : r.priority}</span> {name(r)}
        </li>
      ))}
    </ol>
  );
}
