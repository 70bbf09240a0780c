/**
 * The bundled capture example: `public/examples/canal-3-nodes.capture.json` is what capture.sh
 * recorded (redacted) in the kernel harness's namespaces for app/import/example/canal-3-nodes.cluster.yaml;
 * `scenarios/captured-canal-3-nodes.yaml` is its import with the cluster file's flows. Both are
 * written by `npm run capture-example` (root); a test imports the capture again and requires the
 * bundled scenario byte for byte, so the scenario is the importer's output, never edited by hand.
 */
import type { FlowFile } from '../scenario/schema';
import { captureSchema } from './capture';
import { importCaptures } from './import';
import { importedText } from './text';

/** Where the example's files live, relative to the repository. */
export const EXAMPLE = {
  cluster: 'app/import/example/canal-3-nodes.cluster.yaml',
  capture: 'public/examples/canal-3-nodes.capture.json',
  scenario: 'scenarios/captured-canal-3-nodes.yaml',
} as const;

/** The bundled scenario's text: the capture imported, with the lab cluster's flows. @throws on a capture the importer does not read. */
export function exampleScenarioText(captureJson: string, flows: readonly FlowFile[]): string {
  const capture = captureSchema.parse(JSON.parse(captureJson));
  const imported = importCaptures([{ file: 'canal-3-nodes.capture.json', capture }], { title: 'Captured: a three-node Canal cluster, imported from capture.sh (redacted)' });
  const scenario = {
    ...imported.scenario,
    metadata: {
      ...imported.scenario.metadata,
      topic: 'calico' as const,
      description:
        'Not written by hand: public/capture.sh recorded three Canal nodes (Calico veths, flannel VXLAN, kube-proxy in iptables mode), their pods and a laptop, built in network namespaces by the kernel harness, with --redact (MACs and rule comments are pseudonyms). npm run import turned the capture into this scenario; download the capture from examples/canal-3-nodes.capture.json and drop it on the app to import it yourself.',
    },
    flows: [...flows],
  };
  return importedText({ ...imported, scenario }, ['canal-3-nodes.capture.json']);
}
