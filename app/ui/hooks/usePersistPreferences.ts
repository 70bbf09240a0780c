/** Saves language, theme and palette to localStorage whenever they change. */
import { useEffect } from 'react';
import { PREFERENCES_KEY } from '../boot';
import { usePacketWalkStore } from '../store-context';

/** Subscribes to the store and writes the stored preferences (ignoring storage that is refused). */
export function usePersistPreferences(): void {
  const store = usePacketWalkStore();
  useEffect(() => {
    let last = '';
    const save = () => {
      const { language, theme, palette } = store.getState();
      const json = JSON.stringify({ language, theme, palette });
      if (json === last) return;
      last = json;
      try {
        window.localStorage.setItem(PREFERENCES_KEY, json);
      } catch {
        // Private mode or storage disabled: preferences just do not persist.
      }
    };
    save();
    return store.subscribe(save);
  }, [store]);
}
