/**
 * The embed page's side of the postMessage API (see `messages.ts`): commands from the host page
 * are accepted only from allowed origins and only when well-formed; readiness, errors and step
 * changes are posted to the host only when its origin is allowed (or `*` was opted into).
 */
import { stepIndexOf } from '../ui/step-number';
import type { EmbedController } from './controller';
import { redactError, type EmbedError } from './error-codes';
import { addressedTo, isAllowedOrigin, parseHostMessage, postTarget, type EmbedMessage, type HostMessage, type OriginPolicy } from './messages';

/** Applies a validated host command to an embed. */
export function applyHostMessage(controller: EmbedController, msg: HostMessage): void {
  if ('method' in msg) {
    const s = controller.store.getState();
    switch (msg.method) {
      case 'next':
        return s.stepForward();
      case 'prev':
        return s.stepBack();
      case 'goto':
        return controller.goto(stepIndexOf(msg.args[0]));
      case 'selectFlow':
        controller.selectFlow(msg.args[0]);
        return;
      default:
        return controller[msg.method]();
    }
  }
  switch (msg.type) {
    case 'packetwalk:goto':
      return controller.goto(stepIndexOf(msg.step));
    case 'packetwalk:play':
      return controller.play();
    case 'packetwalk:pause':
      return controller.pause();
    case 'packetwalk:select-flow':
      controller.selectFlow(msg.flow);
  }
}

/** The origin of the page that framed this one, when the browser tells it. */
function framingOrigin(win: Window): string | null {
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  try {
    return win.document.referrer ? new URL(win.document.referrer).origin : null;
  } catch {
    return null;
  }
}

/** The host connection of an embed page. */
export interface HostBridge {
  /** Posts to the host when allowed. */
  post(msg: EmbedMessage): void;
  /**
   * Posts load errors to the host when allowed: with their messages to a host on the embed's own
   * origin, redacted to positions and codes for any other origin (messages may quote the file).
   */
  postErrors(errors: readonly EmbedError[], extra?: { id?: string }): void;
  /** Stops listening. */
  close(): void;
}

/**
 * Connects an embed page to the page that frames it.
 * @param policy the allowed host origins.
 * @param id the embed's id (echoed in messages, matched against `target`).
 */
export function connectHost(controller: EmbedController, win: Window, policy: () => OriginPolicy, id: () => string | undefined): HostBridge {
  const framed = win.parent !== win;
  let hostOrigin = framed ? framingOrigin(win) : null;
  const onMessage = (e: MessageEvent) => {
    if (!isAllowedOrigin(policy(), e.origin)) return;
    const msg = parseHostMessage(e.data);
    if (!msg || !addressedTo(msg, id())) return;
    if (framed && e.source === win.parent) hostOrigin = e.origin;
    applyHostMessage(controller, msg);
  };
  win.addEventListener('message', onMessage);
  const own = win.location.origin;
  return {
    post(msg) {
      if (!framed) return;
      const target = postTarget(policy(), hostOrigin);
      if (target) win.parent.postMessage(msg, target);
    },
    postErrors(errors, extra = {}) {
      if (!framed) return;
      const target = postTarget(policy(), hostOrigin);
      if (!target) return;
      const sameOrigin = target === own && own !== 'null';
      const list = errors.map((e) => {
        const r = redactError(e);
        return sameOrigin ? { ...r, message: e.message } : r;
      });
      win.parent.postMessage({ type: 'packetwalk:error', errors: list, ...extra }, target);
    },
    close: () => win.removeEventListener('message', onMessage),
  };
}
