/**
 * The words the topology draws (box tags, the containers note, tunnel labels), in the interface
 * language: the view passes translated ones (`LayoutOptions.labels`); layout measures their widths.
 */
import type { Netns } from '../../engine';

/** Words drawn on the diagram. */
export interface TopologyLabels {
  /** The tag above a box (`NODE`, `POD`, …; `root` for a machine's root netns, `ROOT NETNS`). */
  readonly tags: Readonly<Record<Netns['kind'] | 'root', string>>;
  /** A box's note listing its containers (`containers: pause, ghost`). */
  readonly containers: (names: string) => string;
  /** A VXLAN tunnel's label (`VXLAN tunnel · VNI 1 · UDP 8472`). */
  readonly vxlanTunnel: (vni: string, port: string) => string;
  /** An IPIP tunnel's label. */
  readonly ipipTunnel: string;
}

/** The English words (the default). */
export const ENGLISH_LABELS: TopologyLabels = {
  tags: { node: 'NODE', pod: 'POD', container: 'CONTAINER', external: 'EXTERNAL', router: 'ROUTER', root: 'ROOT NETNS' },
  containers: (names) => `containers: ${names}`,
  vxlanTunnel: (vni, port) => `VXLAN tunnel · VNI ${vni} · UDP ${port}`,
  ipipTunnel: 'IPIP tunnel (IP proto 4)',
};
