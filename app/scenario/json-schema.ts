/** The JSON Schema of the scenario format, generated from the zod schema (zod's `toJSONSchema`). */
import * as z from 'zod/mini';
import { scenarioSchema } from './schema';

/** Returns the JSON Schema (draft 2020-12) for scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://packetwalk.dev/schema/scenario.schema.json',
    title: 'PacketWalk scenario v1',
    description: 'A cluster (network namespaces, interfaces, host state as Linux prints it) and flows to simulate. See docs/scenario-format.md.',
  };
}
