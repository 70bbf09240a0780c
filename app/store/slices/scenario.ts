/** Scenario slice: the catalog, the loaded scenario, load errors, and going to a URL location. */
import type { StateCreator } from 'zustand';
import { buildCatalog, defaultScenarioId } from '../catalog';
import { parseScenario } from '../engine-bridge';
import type { BundledFile, PacketWalkState, ScenarioSlice } from '../types';

/**
 * Creates the scenario slice.
 * @param bundled the bundled scenario files (Vite's glob in the app, files read with fs in tests).
 */
export function createScenarioSlice(bundled: readonly BundledFile[]): StateCreator<PacketWalkState, [], [], ScenarioSlice> {
  const catalog = buildCatalog(bundled);
  return (set, get) => ({
    catalog: catalog.summaries,
    scenario: null,
    scenarioId: null,
    loadErrors: [],
    notice: null,

    loadBundledScenario(id) {
      const scenario = catalog.loaded.get(id);
      if (!scenario) return false;
      set({ scenario, scenarioId: id, loadErrors: [], notice: null, playing: false, breakages: [] });
      get().selectFlow(scenario.flows[0]?.name ?? '');
      return true;
    },

    loadScenarioText(text, file) {
      const r = parseScenario(text, file);
      if (!r.ok) {
        set({ loadErrors: r.errors, notice: null });
        return false;
      }
      set({ scenario: r.scenario, scenarioId: null, loadErrors: [], notice: null, playing: false, breakages: [] });
      get().selectFlow(r.scenario.flows[0]?.name ?? '');
      return true;
    },

    restoreLocation(loc) {
      const notices: string[] = [];
      let id = loc.scenario;
      if (id !== undefined && !catalog.loaded.has(id)) {
        notices.push(`No bundled scenario "${id}"`);
        id = undefined;
      }
      id ??= get().scenarioId ?? defaultScenarioId(catalog.summaries);
      if (id === undefined) return;
      if (id !== get().scenarioId) get().loadBundledScenario(id);
      const scenario = get().scenario;
      if (loc.flow !== undefined) {
        if (scenario?.flows.some((f) => f.name === loc.flow)) {
          if (loc.flow !== get().flowName || loc.choices) get().selectFlow(loc.flow);
        } else notices.push(`no flow "${loc.flow}" in ${id}`);
      }
      if (loc.choices) for (const [k, v] of Object.entries(loc.choices)) get().chooseAlternative(k, v);
      if (loc.step !== undefined) get().jumpTo(loc.step);
      if (loc.lang !== undefined) get().setLanguage(loc.lang);
      if (loc.present !== undefined && loc.present !== get().presenting) get().setPresenting(loc.present);
      set({ notice: notices.length ? `${notices.join('; ')}: showing ${id}${get().flowName ? ` / ${get().flowName}` : ''}.` : null });
    },

    dismissErrors() {
      set({ loadErrors: [], notice: null });
    },
  });
}
