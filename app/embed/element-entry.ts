/**
 * Entry of `packet-walk.js` (built by `vite.embed.config.ts`): defines `<packet-walk>` with the
 * compiled styles. One script tag is all a page needs:
 * `<script type="module" src="…/packet-walk.js"></script>`.
 */
import css from './embed.css?inline';
import { PacketWalkElement } from './element';
import { shadowCss } from './shadow-css';

/** Registers `<packet-walk>` (once; loading the script twice is harmless). */
export function defineElement(name = 'packet-walk'): void {
  if (customElements.get(name)) return;
  PacketWalkElement.styles = shadowCss(css);
  customElements.define(name, PacketWalkElement);
}

defineElement();

export { PacketWalkElement };
