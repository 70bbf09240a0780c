/**
 * `<packet-walk>`: a PacketWalk diagram inline in any page, its styles isolated in an open shadow
 * root, each element with its own store. Attributes: `src` (bundled name, URL or `#s=…`), `flow`,
 * `step`, `controls` (`full` | `minimal` | `none`), `view` (`all` | `path`), `autoplay`, `lang` (`en` | `zh`),
 * `allowed-origins` (origins whose postMessage commands it obeys; the page's own by default, `*` to
 * allow any), `id` (matched against a message's `target`).
 * Methods `goto(n)`, `play()`, `pause()`, `selectFlow(name)`; properties `step`, `total`, `flow`,
 * `flows`; events `packetwalk-ready` ({flows}), `packetwalk-step` ({step, total, flow, stage,
 * netns}) and `packetwalk-error` ({errors}).
 */
import { stepIndexOf } from '../ui/step-number';
import { createRoot, type Root } from 'react-dom/client';
import { createEmbedController, type EmbedController } from './controller';
import { EmbedApp } from './EmbedApp';
import { applyHostMessage } from './host-bridge';
import { addressedTo, isAllowedOrigin, parseAllowedOrigins, parseHostMessage } from './messages';
import { readEmbedOptions, type EmbedOptions } from './options';
import { createWorkerBridge } from '../worker/worker-bridge';
// Inlined: a page on another origin cannot start a worker from this script's URL, but it can from
// a blob of its code.
import EngineWorker from '../worker/engine.worker.ts?worker&inline';

/** Where the built files live (`packet-walk.js`'s folder; the project root in development). */
const APP_BASE = new URL(import.meta.env.DEV ? '../../' : './', import.meta.url);

/** The custom element class; `defineElement` registers it as `packet-walk`. */
export class PacketWalkElement extends HTMLElement {
  static readonly observedAttributes = ['src', 'flow', 'step', 'controls', 'view', 'autoplay', 'lang', 'allowed-origins', 'id'];
  /** The stylesheet shared by every element's shadow root (set by `defineElement`). */
  static styles = '';
  static #sheet: CSSStyleSheet | null = null;

  #controller: EmbedController | null = null;
  #root: Root | null = null;
  #mount: HTMLDivElement | null = null;
  #onMessage = (e: MessageEvent) => this.#receive(e);
  #generation = 0;

  #options(): EmbedOptions {
    return readEmbedOptions((n) => this.getAttribute(n), 'attribute');
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #adoptStyles(shadow: ShadowRoot): void {
    const css = PacketWalkElement.styles;
    try {
      PacketWalkElement.#sheet ??= new CSSStyleSheet();
      if (PacketWalkElement.#sheet.cssRules.length === 0) PacketWalkElement.#sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [PacketWalkElement.#sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = css;
      shadow.prepend(style);
    }
  }

  connectedCallback(): void {
    if (!this.shadowRoot) {
      const shadow = this.attachShadow({ mode: 'open' });
      this.#adoptStyles(shadow);
      this.#mount = document.createElement('div');
      this.#mount.className = 'pw-mount';
      shadow.append(this.#mount);
    }
    window.addEventListener('message', this.#onMessage);
    this.#start();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.#onMessage);
    this.#controller?.destroy();
    this.#controller = null;
    // Unmount after the current task (React refuses to unmount while rendering), unless the element
    // was only moved and is connected again by then.
    queueMicrotask(() => {
      if (this.isConnected || !this.#root) return;
      this.#root.unmount();
      this.#root = null;
    });
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const c = this.#controller;
    if (!c || old === value) return;
    if (name === 'src') return this.#start();
    if (name === 'flow' && value) c.selectFlow(value);
    else if (name === 'step' && value && /^\d+$/.test(value)) c.goto(stepIndexOf(Number(value)));
    c.setOptions(this.#options());
  }

  #start(): void {
    this.#controller?.destroy();
    const options = this.#options();
    const policy = parseAllowedOrigins(options.allowedOrigins, window.location.origin);
    if (policy.invalid.length) console.warn(`<packet-walk>: ignoring allowed-origins entries that are not origins: ${policy.invalid.join(', ')}`);
    const controller = createEmbedController(
      options,
      {
        base: document.baseURI,
        reducedMotion: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
        engine: createWorkerBridge({ spawn: () => new EngineWorker({ name: 'packetwalk-engine' }) }),
      },
      {
        ready: (flows) => this.#emit('packetwalk-ready', { flows: [...flows] }),
        step: (info) => this.#emit('packetwalk-step', info),
        error: (errors) => this.#emit('packetwalk-error', { errors }),
      },
    );
    this.#controller = controller;
    this.#root ??= createRoot(this.#mount!);
    this.#root.render(<EmbedApp key={++this.#generation} controller={controller} embedUrl={new URL('embed.html', APP_BASE).href} />);
    void controller.load();
  }

  #receive(e: MessageEvent): void {
    const c = this.#controller;
    if (!c) return;
    const policy = parseAllowedOrigins(this.getAttribute('allowed-origins'), window.location.origin);
    if (!isAllowedOrigin(policy, e.origin)) return;
    const msg = parseHostMessage(e.data);
    if (msg && addressedTo(msg, this.id || undefined)) applyHostMessage(c, msg);
  }

  /** Moves to step number `n` (from 1, as displayed; clamped to the flow). */
  goto(n: number): void {
    if (Number.isFinite(n)) this.#controller?.goto(stepIndexOf(n));
  }
  /** Starts playing (from the start when at the end). */
  play(): void {
    this.#controller?.play();
  }
  /** Pauses. */
  pause(): void {
    this.#controller?.pause();
  }
  /** Selects a flow by name. @returns false when the scenario has none of that name. */
  selectFlow(name: string): boolean {
    return this.#controller?.selectFlow(name) ?? false;
  }
  /** The number of the step on screen (from 1, as displayed; 0 before a flow is shown). */
  get step(): number {
    return this.#controller?.stepInfo()?.step ?? 0;
  }
  /** The number of steps of the flow on screen (0 before it loads). */
  get total(): number {
    return this.#controller?.stepInfo()?.total ?? 0;
  }
  /** The flow on screen. */
  get flow(): string | null {
    return this.#controller?.stepInfo()?.flow ?? null;
  }
  /** The flows of the scenario. */
  get flows(): string[] {
    return this.#controller?.flows() ?? [];
  }
}
