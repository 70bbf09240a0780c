/** Panel slice: which tab of the side panel is shown (the step, what changed, break it). */
import type { StateCreator } from 'zustand';
import type { PacketWalkState, PanelSlice, PanelTab } from '../types';

const TABS: readonly PanelTab[] = ['step', 'changes', 'break'];

/** Creates the panel slice. */
export const createPanelSlice: StateCreator<PacketWalkState, [], [], PanelSlice> = (set) => ({
  panel: 'step',
  showPanel: (tab) => {
    if (TABS.includes(tab)) set({ panel: tab });
  },
});
