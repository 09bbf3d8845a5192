// Region state as Go's tracker reports it (region:changed), for the badge and the banner.
import type { RegionSnapshot, RegionSwitch } from '../../bridge/region';
import { createStore, type Store } from '../../state/store';

export interface RegionState {
  snapshot: RegionSnapshot | null;
  lastSwitch: RegionSwitch | null;
  switches: number; // region:switched events seen by this page
}

export const initialRegionState: RegionState = { snapshot: null, lastSwitch: null, switches: 0 };

/** The page's region store (one per page, like the tracker is one per app). */
export const regionStore: Store<RegionState> = createStore<RegionState>(initialRegionState);

/** Apply a snapshot unless an older one arrives late. */
export function applySnapshot(store: Store<RegionState>, s: RegionSnapshot): void {
  const cur = store.get().snapshot;
  if (cur && s.version < cur.version) return;
  store.set({ snapshot: s });
}

/** FilterActive (internal/region): only the active region's contacts; untagged ones stay. */
export function filterActive<T extends { region?: string }>(contacts: T[], s: RegionSnapshot | null): T[] {
  const active = s && !s.restored ? s.activeRegion : '';
  if (!active) return contacts;
  return contacts.filter((c) => !c.region || c.region === active);
}
