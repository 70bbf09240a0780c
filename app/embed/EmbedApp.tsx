/** An embed ready to mount: its providers (embed, store, translations) around the view. */
import { EmbedProvider, type EmbedContextValue } from './embed-context';
import { EmbedI18n } from './EmbedI18n';
import { EmbedView } from './EmbedView';

/** The providers and the view of one embed. */
export function EmbedApp(props: EmbedContextValue) {
  return (
    <EmbedProvider value={props}>
      <EmbedI18n>
        <EmbedView />
      </EmbedI18n>
    </EmbedProvider>
  );
}
