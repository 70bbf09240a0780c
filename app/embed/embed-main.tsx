/**
 * Entry of `embed.html`, the page documentation sites put in an iframe:
 * `embed.html?src=…&flow=…&step=…&controls=full|minimal|none&view=all|path&autoplay=1&lang=en|zh&origin=…&id=…`
 * (or `embed.html#s=…` for an inline scenario). Reads the options, loads the scenario, mounts the
 * view and connects the postMessage API to the framing page.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEmbedController } from './controller';
import { EmbedApp } from './EmbedApp';
import { fragmentValue } from './fragment';
import { connectHost, type HostBridge } from './host-bridge';
import { parseAllowedOrigins } from './messages';
import { optionsFromQuery } from './options';
import { createEngineWorkerBridge } from '../worker/spawn';
import './embed.css';

const options = optionsFromQuery(window.location.search);
const policy = parseAllowedOrigins(options.allowedOrigins, window.location.origin);
if (policy.invalid.length) console.warn(`PacketWalk embed: ignoring origin= entries that are not origins: ${policy.invalid.join(', ')}`);
document.documentElement.lang = options.lang === 'zh' ? 'zh-CN' : 'en';

let bridge: HostBridge | null = null;
const idPart = options.id ? { id: options.id } : {};
const controller = createEmbedController(
  options,
  {
    base: document.baseURI,
    hash: window.location.hash,
    reducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
    engine: createEngineWorkerBridge(),
  },
  {
    ready: (flows) => bridge?.post({ type: 'packetwalk:ready', flows: [...flows], ...idPart }),
    step: (info) => bridge?.post({ type: 'packetwalk:step', ...info, ...idPart }),
    // The bridge redacts errors for a host on another origin (see error-codes.ts).
    error: (errors) => bridge?.postErrors(errors, idPart),
  },
);
bridge = connectHost(
  controller,
  window,
  () => policy,
  () => options.id,
);

const title = () => controller.store.getState().scenario?.metadata.title;
controller.store.subscribe(() => {
  const t = title();
  if (t && document.title !== `${t} · PacketWalk`) document.title = `${t} · PacketWalk`;
});

// A new #s= (e.g. a share link opened in the same tab) reloads the inline scenario.
window.addEventListener('hashchange', () => {
  if (!options.src && fragmentValue(window.location.hash)) window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <EmbedApp controller={controller} embedUrl={`${window.location.origin}${window.location.pathname}`} />
  </StrictMode>,
);
void controller.load();
