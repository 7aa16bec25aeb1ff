import { useMemo } from 'react';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { type Answer, api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import type { PlaceCounts } from './PoolUsage';
import type { Department } from './use-directory';

/*
 * Reading an institution's published places (outpatient slots, inpatient beds), as the referral
 * pickers and the capacity overviews of the admin pages both do.
 */

/** Whose places: an institution's, narrowed to a department or to what a patient may take. */
export interface PlaceOwner {
  institutionId: string;
  departmentId?: string;
  patientId?: string;
}

/** What the slot and the bed picker take: whose places, the policy's share, the chosen id. */
export interface PlacePickerProps extends PlaceOwner {
  departments: Department[];
  minShare?: number;
  value?: string;
  onChange?: (placeId: string | undefined) => void;
}

/** The query of the slots or beds of `owner` between two instants, free or not. */
export function placesQuery(owner: PlaceOwner, from: Dayjs, to: Dayjs) {
  return {
    params: {
      query: { ...owner, from: from.toISOString(), to: to.toISOString(), onlyFree: false },
    },
  };
}

export type Bed = Answer<'/api/v1/capacity/beds', 'get'>['items'][number];

/** Free and used beds of one pool as place counts (a bed is one place). */
export function bedCounts(beds: Bed[]): PlaceCounts {
  const n = (status: string) => beds.filter((b) => b.status === status).length;
  return {
    capacity: beds.filter((b) => b.status !== 'CLOSED').length,
    held: n('HELD'),
    booked: n('BOOKED') + n('OCCUPIED'),
    free: n('AVAILABLE'),
  };
}

/**
 * The beds of `owner` as they stand now, by ward (in the order the API lists them), loaded again
 * when `deps` change. The contract asks for a period: the next day.
 */
export function useBedsByWard(owner: PlaceOwner, deps: unknown[]) {
  const beds = useLoad(
    () => api.GET('/api/v1/capacity/beds', placesQuery(owner, dayjs(), dayjs().add(1, 'day'))),
    deps,
  );
  const wards = useMemo(() => {
    const map = new Map<string, Bed[]>();
    for (const b of beds.data?.items ?? [])
      map.set(b.departmentId, [...(map.get(b.departmentId) ?? []), b]);
    return [...map.entries()].map(([id, list]) => ({ id, list }));
  }, [beds.data]);
  return { beds, wards };
}
