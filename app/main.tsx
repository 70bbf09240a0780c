/**
 * Browser entry: creates the store with the bundled scenarios, restores the moment named in the URL,
 * and mounts the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPacketWalkStore } from './store';
import { bundledScenarios } from './store/bundled';
import { App } from './ui/App';
import { StoreProvider } from './ui/store-context';
import { parseLocation } from './ui/url';
import './ui/index.css';

const store = createPacketWalkStore({
  bundled: bundledScenarios,
  reducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
});
store.getState().restoreLocation(parseLocation(window.location.search));

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
