/** Scenario text's Markdown subset: code, emphasis and http(s) links as elements; HTML stays text. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InlineMarkdown } from './InlineMarkdown';

const html = (text: string) => renderToStaticMarkup(<InlineMarkdown text={text} />);

describe('inline Markdown', () => {
  it('renders code, emphasis, strong and http(s) links', () => {
    expect(html('run `ip nei` *now*, **twice**')).toBe('run <code class="rounded bg-slate-200/70 px-1 font-mono text-[0.92em]">ip nei</code> <em>now</em>, <strong>twice</strong>');
    expect(html('[article](https://example.org/a)')).toBe('<a href="https://example.org/a" target="_blank" rel="noopener noreferrer" class="underline">article</a>');
  });
  it('never renders HTML, and drops links that are not http(s)', () => {
    expect(html('<img src=x onerror=alert(1)> & <b>bold</b>')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html('[click](javascript:alert(1))')).toBe('click');
    expect(html('a_b_c and 10.244.0.0/16')).toBe('a_b_c and 10.244.0.0/16');
  });
});
