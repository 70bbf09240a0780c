/**
 * A narration caption in an embed: its `code` spans as code, the rest as text. The app renders the
 * whole inline Markdown subset with marked (../ui/InlineMarkdown.tsx); the embeds, within their
 * size budget, render the part the bundled narration uses (235 captions have code spans, 2 have
 * emphasis, none has a link); emphasis and links stay as their characters. Never HTML.
 */
import type { ReactNode } from 'react';

/** `text` with each `…` span (no newline inside) as <code>. */
export function CaptionText({ text }: { text: string }): ReactNode {
  return text.split(/(`[^`\n]+`)/).map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className="rounded bg-slate-200/70 px-1 font-mono text-[0.92em]">
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}
