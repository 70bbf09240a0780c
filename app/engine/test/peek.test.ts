import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { trace, dump } from './world';
it('peek', () => {
  const src = readFileSync(process.env.PEEK_FILE!, 'utf8');
  const t = trace(src, process.env.PEEK_FLOW!);
  console.log(dump(t));
  console.log(JSON.stringify(t.outcome.request.result === 'dropped' ? t.outcome.request.reason : t.outcome.request.netns), JSON.stringify(t.outcome.reply && (t.outcome.reply.result === 'dropped' ? t.outcome.reply.reason : t.outcome.reply.netns)));
  console.log(JSON.stringify(t.alternatives), JSON.stringify(t.conntrack));
});
