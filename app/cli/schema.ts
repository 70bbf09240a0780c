/** `npm run schema`: writes the JSON Schema of the scenario format to public/schema/scenario.schema.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { scenarioJsonSchema } from '../scenario/json-schema';

const out = resolve(process.argv[2] ?? 'public/schema/scenario.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
