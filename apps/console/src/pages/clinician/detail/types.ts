import type { Answer } from '../../../api/client';

export type Study = Answer<'/api/v1/studies/{id}', 'get'>;
export type Report = Study['reports'][number];

/** The report the clinic acts on: the newest final version (amendments supersede earlier ones). */
export function finalReport(study: Study): Report | undefined {
  return [...study.reports]
    .filter((r) => r.status === 'FINAL')
    .sort((a, b) => b.version - a.version)[0];
}
