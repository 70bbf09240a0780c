/**
 * Browser entry: creates the store with the bundled scenarios and the stored preferences, restores
 * the moment named in the URL, sets up the translations, and mounts the app (or the handout).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { createPacketWalkStore } from './store';
import { bundledScenarios } from './store/bundled';
import { App } from './ui/App';
import { bootPreferences } from './ui/boot';
import { StoreProvider } from './ui/store-context';
import { isHandout, parseLocation } from './ui/url';
import './ui/index.css';

const store = createPacketWalkStore({
  bundled: bundledScenarios,
  reducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
  preferences: bootPreferences(),
});
store.getState().restoreLocation(parseLocation(window.location.search));
initI18n(store.getState().language);

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App handout={isHandout(window.location.search)} />
    </StoreProvider>
  </StrictMode>,
);
