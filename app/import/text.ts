/**
 * An imported scenario as text: YAML (the `yaml` library) with a header naming the captures and a
 * comment before each host saying which capture file, node and netns it came from. This is what
 * `npm run import` writes and what the app loads for a capture file.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { Imported } from './import';

/** The scenario text of `imported`. */
export function importedText(imported: Imported, sources: readonly string[]): string {
  const doc = new Document(imported.scenario, { aliasDuplicateObjects: false });
  doc.commentBefore = ` Imported by PacketWalk from ${sources.join(', ')} (public/capture.sh); capture again and import again rather than editing by hand.`;
  const hosts = isMap(doc.contents) ? doc.contents.get('hosts', true) : undefined;
  if (isSeq(hosts)) hosts.items.forEach((item, i) => ((item as { commentBefore?: string }).commentBefore = ` ${imported.comments[i]}`));
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}
