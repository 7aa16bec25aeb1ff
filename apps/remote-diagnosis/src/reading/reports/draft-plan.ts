/** The newest report version of a study, as saving a draft sees it. */
export interface LatestVersion {
  version: number;
  status: string;
  author_id: string;
}

/**
 * What saving a draft does to the study's report versions. A reader keeps editing their own
 * draft in place; a draft left by another reader (whose lease ran out) is replaced at the same
 * version number, so versions stay gapless; otherwise the draft is the next version.
 */
export type DraftPlan =
  | { kind: 'edit'; version: number }
  | { kind: 'replace'; version: number }
  | { kind: 'add'; version: number };

export function planDraft(latest: LatestVersion | undefined, authorId: string): DraftPlan {
  if (latest?.status === 'DRAFT')
    return latest.author_id === authorId
      ? { kind: 'edit', version: latest.version }
      : { kind: 'replace', version: latest.version };
  return { kind: 'add', version: (latest?.version ?? 0) + 1 };
}
