/**
 * Browser entry: creates the store with the bundled scenarios, the stored preferences and the engine
 * in a Web Worker (loading and tracing never block the page), restores the moment named in the URL
 * (the page shows at once; the scenario appears when the worker has traced it), sets up the
 * translations, and mounts the app (or the handout).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { createPacketWalkStore } from './store';
import { bundledScenarios } from './store/bundled';
import { App } from './ui/App';
import { bootPreferences } from './ui/boot';
import { StoreProvider } from './ui/store-context';
import { isHandout } from './ui/url';
import { bootScenario } from './ui/boot-scenario';
import { createEngineWorkerBridge } from './worker/spawn';
import { addBecauseSentences } from './i18n/because';
import { addAppSentences } from './i18n/app-sentences';
import { addAppTranslations } from './i18n/app-translations';
import './ui/index.css';
import './ui/lang-font.css';

const store = createPacketWalkStore({
  bundled: bundledScenarios,
  engine: createEngineWorkerBridge(),
  reducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
  preferences: bootPreferences(),
});
// Language and presenter mode apply at once; the scenario, flow and step once the worker has traced
// them: the URL's, else the file the user last opened (kept in IndexedDB), else the default.
void bootScenario(store, window.location.search);
// Why-a-rule-exists sentences for cluster files: the app's only (the embed plays scenarios).
const i18nInstance = initI18n(store.getState().language);
addBecauseSentences(i18nInstance);
addAppSentences(i18nInstance);
addAppTranslations(i18nInstance);

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App handout={isHandout(window.location.search)} />
    </StoreProvider>
  </StrictMode>,
);
