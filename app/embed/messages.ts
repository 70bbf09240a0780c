/**
 * The postMessage API between a documentation page (the host) and an embedded PacketWalk.
 *
 * Host → embed: `{type:'packetwalk:goto', step}`, `{type:'packetwalk:play'}`,
 * `{type:'packetwalk:pause'}`, `{type:'packetwalk:select-flow', flow}`, and the same commands in
 * reveal.js's postMessage style, `{method, args}`: `{method:'next'}`, `{method:'prev'}`,
 * `{method:'goto', args:[n]}`, `{method:'play'}`, `{method:'pause'}`,
 * `{method:'selectFlow', args:[name]}`; each may carry `target` (the embed's `id`) so that one
 * message addresses one of several embeds.
 * Embed → host: `{type:'packetwalk:ready', flows}` once a scenario is shown,
 * `{type:'packetwalk:step', step, total, flow, stage, netns}` on every step change, and
 * `{type:'packetwalk:error', errors}` when the scenario cannot be shown; each carries `id` when the
 * embed has one. Errors posted to a host on another origin are redacted to
 * `{file, line, column, path, code}` (no message: it may quote the file, see `error-codes.ts`);
 * a host on the embed's own origin also gets `message`. `step` counts from 1, as the embed displays
 * it (`step: 1` is the first step); `total` is the number of steps.
 *
 * Everything received is validated here (zod, strict: unknown keys make a message malformed), and
 * origins are checked against an allow-list (same origin by default, `*` only when asked for).
 */
// zod's tree-shakable form: the page that hosts an embed downloads only these validators.
import * as z from 'zod/mini';

const name = () => z.string().check(z.minLength(1), z.maxLength(200));
const target = z.optional(name());
const id = z.optional(name());
const count = () => z.int().check(z.minimum(0));
/** A step number as the host writes it (from 1). */
const stepNumber = () => z.int().check(z.minimum(1), z.maximum(1_000_000));

/** Messages a host page may send to an embed (`{type:'packetwalk:…'}`). */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('packetwalk:goto'), step: stepNumber(), target }),
  z.strictObject({ type: z.literal('packetwalk:play'), target }),
  z.strictObject({ type: z.literal('packetwalk:pause'), target }),
  z.strictObject({ type: z.literal('packetwalk:select-flow'), flow: name(), target }),
]);

/** `args` holding exactly `item` (none when absent): a tuple, checked by hand (zod's tuple would cost the embed ~0.5 kB gzip). */
const args = <T>(item?: z.ZodMiniType<T>) => z.custom<[T]>((v) => Array.isArray(v) && v.length === (item ? 1 : 0) && (!item || z.safeParse(item, v[0]).success));
/** A reveal.js-style command without arguments (`args`, when given, is empty). */
const call = <M extends string>(method: M) => z.strictObject({ method: z.literal(method), args: z.optional(args()), target });
/** The same commands in reveal.js's postMessage style, `{method, args}` (plus `next` and `prev`). */
export const methodMessageSchema = z.discriminatedUnion('method', [
  call('next'),
  call('prev'),
  call('play'),
  call('pause'),
  z.strictObject({ method: z.literal('goto'), args: args(stepNumber()), target }),
  z.strictObject({ method: z.literal('selectFlow'), args: args(name()), target }),
]);
/** A validated host → embed message, in either style. */
export type HostMessage = z.infer<typeof hostMessageSchema> | z.infer<typeof methodMessageSchema>;

const stepInfoShape = {
  step: z.int().check(z.minimum(1)),
  total: count(),
  flow: z.string(),
  stage: z.string(),
  netns: z.string(),
};
/** The step on screen, as sent to the host (and as the detail of the `packetwalk-step` DOM event). */
export const stepInfoSchema = z.strictObject(stepInfoShape);
/** The step on screen. */
export type StepInfo = z.infer<typeof stepInfoSchema>;

const errorCode = z.enum(['src', 'fetch', 'http', 'timeout', 'too-large', 'not-a-scenario', 'encoding', 'fragment', 'scenario', 'engine-timeout', 'engine-failed']);

/** An error as posted to the host: its position and code, and (same origin only) its message. */
export const embedErrorSchema = z.strictObject({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  path: z.string(),
  code: errorCode,
  message: z.optional(z.string()),
});

/** Messages an embed sends to its host. */
export const embedMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...stepInfoShape, type: z.literal('packetwalk:step'), id }),
  z.strictObject({ type: z.literal('packetwalk:ready'), flows: z.array(z.string()), id }),
  z.strictObject({ type: z.literal('packetwalk:error'), errors: z.array(embedErrorSchema), id }),
]);
/** A validated embed → host message. */
export type EmbedMessage = z.infer<typeof embedMessageSchema>;

/**
 * Validates a host → embed message.
 * @returns the message, or null for anything malformed (wrong type, missing or extra fields).
 */
export function parseHostMessage(data: unknown): HostMessage | null {
  const r = z.safeParse(data !== null && typeof data === 'object' && 'method' in data ? methodMessageSchema : hostMessageSchema, data);
  return r.success ? r.data : null;
}

/** Validates an embed → host message (for host pages and tests). @returns null when malformed. */
export function parseEmbedMessage(data: unknown): EmbedMessage | null {
  const r = z.safeParse(embedMessageSchema, data);
  return r.success ? r.data : null;
}

/** True when a message addresses the embed named `ownId` (messages without `target` address all). */
export function addressedTo(msg: HostMessage, ownId: string | undefined): boolean {
  return msg.target === undefined || msg.target === ownId;
}

/** Which host origins an embed listens to and posts to. */
export interface OriginPolicy {
  /** `*` was listed: any origin. */
  readonly any: boolean;
  /** Allowed origins (always including the embed's own). */
  readonly origins: readonly string[];
  /** Entries of the list that are not origins (ignored; reported to the console by callers). */
  readonly invalid: readonly string[];
}

/**
 * Reads an allow-list such as `https://docs.example.com, http://localhost:8000` or `*`.
 * @param value the `origin=` parameter or `allowed-origins` attribute (null: none given).
 * @param self the embed's own origin, always allowed.
 */
export function parseAllowedOrigins(value: string | null | undefined, self: string): OriginPolicy {
  const origins = new Set<string>(self && self !== 'null' ? [self] : []);
  const invalid: string[] = [];
  let any = false;
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (entry === '*') {
      any = true;
      continue;
    }
    const origin = originOf(entry);
    if (origin) origins.add(origin);
    else invalid.push(entry);
  }
  return { any, origins: [...origins], invalid };
}

/** `scheme://host[:port]` of an http(s) origin written alone (a trailing `/` is tolerated); else null. */
function originOf(entry: string): string | null {
  try {
    const u = new URL(entry);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** True when a message from `origin` may be acted on. The opaque origin `null` needs `*`. */
export function isAllowedOrigin(policy: OriginPolicy, origin: string): boolean {
  return policy.any || (origin !== 'null' && policy.origins.includes(origin));
}

/**
 * The targetOrigin to post to the host with, or null when the host is not allowed to hear us.
 * @param hostOrigin the host's origin when known (from a message it sent, or the frame's ancestor).
 */
export function postTarget(policy: OriginPolicy, hostOrigin: string | null): string | null {
  if (hostOrigin && hostOrigin !== 'null' && policy.origins.includes(hostOrigin)) return hostOrigin;
  if (policy.any) return hostOrigin && hostOrigin !== 'null' ? hostOrigin : '*';
  return null;
}
