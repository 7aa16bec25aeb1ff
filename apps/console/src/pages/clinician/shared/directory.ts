import { api } from '../../../api/client';

export interface ReadingCenter {
  id: string;
  name: string;
  kind: 'IMAGING_CENTER' | 'ECG_CENTER';
  institutionId: string;
  institutionName: string;
}

/**
 * The community's reading centers (影像/心电诊断中心), from the directory: they sit in the
 * county-level hospitals, so those are asked first; every institution only if none has one.
 */
export async function loadReadingCenters(): Promise<ReadingCenter[]> {
  const { data: institutions, error } = await api.GET('/api/v1/institutions');
  if (!institutions) throw error ?? new Error('institutions');
  const centersOf = async (list: typeof institutions) =>
    (
      await Promise.all(
        list.map(async (inst) => {
          const { data, error: failed } = await api.GET('/api/v1/institutions/{id}/departments', {
            params: { path: { id: inst.id } },
          });
          if (!data) throw failed;
          return data
            .filter((d) => d.kind === 'IMAGING_CENTER' || d.kind === 'ECG_CENTER')
            .map((d) => ({
              id: d.id,
              name: d.name,
              kind: d.kind as ReadingCenter['kind'],
              institutionId: inst.id,
              institutionName: inst.name,
            }));
        }),
      )
    ).flat();
  const county = await centersOf(institutions.filter((i) => i.level === 3));
  return county.length ? county : centersOf(institutions.filter((i) => i.level < 3));
}
