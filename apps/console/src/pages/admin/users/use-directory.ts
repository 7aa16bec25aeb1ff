import { api, type Answer } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { CENTER_KIND_LABELS, userLabels } from './labels';
import { useLang, useT } from '../i18n';

export type Institution = Answer<'/api/v1/admin/institutions', 'get'>['items'][number];
export type Department = Answer<'/api/v1/admin/departments', 'get'>['items'][number];

/**
 * The community's institutions and its reading centers, as the admin API has them: names for the
 * tables and options for the pickers (disabled institutions stay listed, marked, for history).
 */
export function useDirectory() {
  const institutions = useLoad(() => api.GET('/api/v1/admin/institutions'), []);
  const departments = useLoad(() => api.GET('/api/v1/admin/departments'), []);
  const t = useT();
  const lang = useLang();
  const kindLabels = userLabels(lang).CENTER_KIND_LABELS;
  {
    const list = institutions.data?.items ?? [];
    const names = new Map(list.map((i) => [i.id, i.name]));
    const allDepartments = departments.data?.items ?? [];
    const centers = allDepartments.filter((d) => d.kind in CENTER_KIND_LABELS);
    const centerNames = new Map(
      centers.map((c) => [c.id, `${names.get(c.institutionId) ?? ''} ${c.name}`.trim()]),
    );
    return {
      institutions: list,
      institutionName: (id: string) => names.get(id) ?? id,
      departments: allDepartments,
      centers,
      centerName: (id: string) => centerNames.get(id) ?? id,
      institutionOptions: list.map((i) => ({
        value: i.id,
        label: i.active ? i.name : t('disabledSuffix', { name: i.name }),
        disabled: !i.active,
      })),
      centerOptions: centers.map((c) => ({
        value: c.id,
        label:
          lang === 'zh'
            ? `${centerNames.get(c.id)}（${kindLabels[c.kind]}）`
            : `${centerNames.get(c.id)} (${kindLabels[c.kind]})`,
        disabled: !c.active,
      })),
      loading: institutions.loading || departments.loading,
      error: institutions.error ?? departments.error,
      reload: () => {
        institutions.reload();
        departments.reload();
      },
    };
  }
}

export type Directory = ReturnType<typeof useDirectory>;
