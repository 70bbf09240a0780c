/** An embed's caption: code spans as code, everything else (HTML included) as text. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CaptionText } from './CaptionText';

describe('embed caption text', () => {
  it('renders code spans and keeps the rest as text', () => {
    expect(renderToStaticMarkup(<CaptionText text="run `ip route` then <b>x</b>" />)).toBe(
      'run <code class="rounded bg-slate-200/70 px-1 font-mono text-[0.92em]">ip route</code> then &lt;b&gt;x&lt;/b&gt;',
    );
    expect(renderToStaticMarkup(<CaptionText text="a lone ` stays" />)).toBe('a lone ` stays');
  });
});
