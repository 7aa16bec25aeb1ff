import { useMemo } from 'react';
import { type Answer, api } from '../../api/client';
import { useLoad } from '../../api/use-load';

export type Institution = Answer<'/api/v1/institutions', 'get'>[number];
export type Department = Answer<'/api/v1/institutions/{id}/departments', 'get'>[number];

/** The community's institutions, and a lookup by id for showing names instead of ids. */
export function useInstitutions() {
  const load = useLoad(() => api.GET('/api/v1/institutions'), []);
  const byId = useMemo(
    () => new Map((load.data ?? []).map((i) => [i.id, i] as const)),
    [load.data],
  );
  const nameOf = (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '—') : '—');
  return { ...load, list: load.data ?? [], byId, nameOf };
}

/** Departments, wards and reading centers of one institution (none until one is chosen). */
export function useDepartments(institutionId: string | undefined) {
  const load = useLoad(
    () =>
      institutionId
        ? api.GET('/api/v1/institutions/{id}/departments', {
            params: { path: { id: institutionId } },
          })
        : Promise.resolve({ data: [] as Department[], response: new Response() }),
    [institutionId],
  );
  return { ...load, list: load.data ?? [] };
}
