/**
 * A safe Markdown subset for scenario text (narration captions, scenario and flow descriptions):
 * `code`, *emphasis*, **strong**, ~~strike~~ and [links](https://…), parsed by marked's inline lexer
 * into tokens and rendered as React elements. Nothing is ever rendered as HTML: raw HTML in the text
 * stays visible text, and a link whose target is not http(s) is shown as its text only.
 */
import { Lexer, type Tokens } from 'marked';
import { Fragment, useMemo, type ReactNode } from 'react';

type Inline = Tokens.Generic;

/** True for a link target a reader may follow: absolute http(s) URLs only. */
function safeHref(href: string): boolean {
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function render(tokens: readonly Inline[], key: string): ReactNode[] {
  return tokens.map((t, i) => {
    const k = `${key}.${i}`;
    const kids = (t.tokens as Inline[] | undefined) ?? null;
    switch (t.type) {
      case 'codespan':
        return (
          <code key={k} className="rounded bg-slate-200/70 px-1 font-mono text-[0.92em]">
            {t.text as string}
          </code>
        );
      case 'em':
        return <em key={k}>{kids ? render(kids, k) : (t.text as string)}</em>;
      case 'strong':
        return <strong key={k}>{kids ? render(kids, k) : (t.text as string)}</strong>;
      case 'del':
        return <del key={k}>{kids ? render(kids, k) : (t.text as string)}</del>;
      case 'link':
        return safeHref(t.href as string) ? (
          <a key={k} href={t.href as string} target="_blank" rel="noopener noreferrer" className="underline">
            {kids ? render(kids, k) : (t.text as string)}
          </a>
        ) : (
          <Fragment key={k}>{kids ? render(kids, k) : (t.text as string)}</Fragment>
        );
      case 'br':
        return <br key={k} />;
      default:
        // text, escape, html (shown as the characters it is), anything else: its raw text.
        return <Fragment key={k}>{(t.type === 'text' || t.type === 'escape' ? t.text : t.raw) as string}</Fragment>;
    }
  });
}

/** `text` with its inline Markdown rendered (as elements, never as HTML). */
export function InlineMarkdown({ text }: { text: string }) {
  const nodes = useMemo(() => render(Lexer.lexInline(text) as Inline[], 'md'), [text]);
  return <>{nodes}</>;
}
