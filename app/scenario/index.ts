/** Scenario files: loading with positioned errors, expectations, and the schema. */
export { loadScenario, MAX_SCENARIO_BYTES, type LoadedScenario, type LoadResult } from './load';
export { formatError, type ScenarioError } from './errors';
export { checkExpect } from './expect';
export { flowInput } from './flows';
export { placeCaptions, stepMatches, type Caption } from './narration';
export { scenarioSchema, type ScenarioFile, type FlowFile } from './schema';
export { decodeUtf8, type DecodedText } from './utf8';
