/**
 * Closes a drop-down built on a native `<details>` the way menus close: Esc (focus goes back to its
 * `<summary>`) and a click or tap outside it. The element keeps its keyboard behaviour (Enter or
 * Space on the summary toggles it).
 */
import { useEffect, type RefObject } from 'react';

/** Wires Esc and outside clicks to close the `<details>` behind `ref` while it is open. */
export function useDetailsDismiss(ref: RefObject<HTMLDetailsElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const d = ref.current;
      if (e.key !== 'Escape' || !d?.open) return;
      d.open = false;
      d.querySelector('summary')?.focus();
      e.stopPropagation();
    };
    const onPointer = (e: PointerEvent) => {
      const d = ref.current;
      if (d?.open && e.target instanceof Node && !d.contains(e.target)) d.open = false;
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [ref]);
}
