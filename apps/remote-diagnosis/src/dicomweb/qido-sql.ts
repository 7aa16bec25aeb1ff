import { Actor, AppError, hasRole, QidoFilter, QidoQuery } from '@app/shared';

/** Where each matching key lives: st = studies, se = series, i = instances. */
const COLUMNS: Record<string, string> = {
  '00100010': 'st.patient_name',
  '00100020': 'st.dicom_patient_id',
  '00100030': 'st.patient_birth_date',
  '00100040': 'st.patient_sex',
  '0020000D': 'st.study_instance_uid',
  '00080020': 'st.study_date',
  '00080030': 'st.study_time',
  '00080050': 'st.accession_number',
  '00080061': 'st.modalities',
  '00080090': 'st.referring_physician_name',
  '00081030': 'st.study_description',
  '00200010': 'st.dicom_study_id',
  '0020000E': 'se.series_instance_uid',
  '00080060': 'se.modality',
  '00200011': 'se.series_number',
  '0008103E': 'se.series_description',
  '00180015': 'se.body_part',
  '00080018': 'i.sop_instance_uid',
  '00080016': 'i.sop_class_uid',
  '00200013': 'i.instance_number',
};
const PERSON_NAMES = new Set(['00100010', '00080090']);

/** DICOM wildcards (PS3.4 C.2.2.2.4) to a LIKE pattern: `*` any run, `?` one character. */
export function likePattern(dicom: string): string {
  return dicom
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

export class SqlArgs {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The same rule as a study read (reading.service get): a study is seen by the institution
 * that submitted it and by readers of the reading center it was sent to, in its community.
 */
export function visibleStudies(actor: Actor, args: SqlArgs): string {
  const community = args.add(actor.communityId);
  const institution = args.add(actor.institutionId);
  const reader = hasRole(actor, 'reader', 'senior_reader');
  const centers = reader && actor.centerIds.length ? args.add(actor.centerIds) : null;
  return `st.community_id = ${community} AND (st.institution_id = ${institution}${
    centers ? ` OR st.center_id = ANY(${centers}::uuid[])` : ''
  })`;
}

/**
 * Case-insensitive matching: a person searching 张* or zhang* means the name, not its
 * case. A person name matches when any of its component groups (alphabetic, ideographic,
 * phonetic) does, so 张* finds "Zhang^San=张三".
 */
function condition(filter: QidoFilter, args: SqlArgs): string {
  const column = COLUMNS[filter.tag];
  switch (filter.kind) {
    case 'pattern': {
      const p = args.add(likePattern(filter.pattern).toUpperCase());
      if (PERSON_NAMES.has(filter.tag))
        return `(upper(${column}) LIKE ${p} OR EXISTS (SELECT 1 FROM unnest(string_to_array(upper(${column}), '=')) g WHERE g LIKE ${p}))`;
      return `upper(${column}) LIKE ${p}`;
    }
    case 'list': {
      const list = args.add(filter.values);
      return filter.tag === '00080061'
        ? `${column} && ${list}::text[]`
        : `${column} = ANY(${list}::text[])`;
    }
    case 'range': {
      // TM is compared on its first six digits, as the edge normalised the bounds.
      const value =
        filter.tag === '00080030' ? `rpad(left(split_part(${column}, '.', 1), 6), 6, '0')` : column;
      const parts = [`${column} IS NOT NULL`];
      if (filter.from) parts.push(`${value} >= ${args.add(filter.from)}`);
      if (filter.to) parts.push(`${value} <= ${args.add(filter.to)}`);
      return parts.join(' AND ');
    }
    case 'int':
      return `${column} = ${args.add(filter.value)}`;
  }
}

export function whereOf(actor: Actor, q: QidoQuery, args: SqlArgs): string {
  const parts = [visibleStudies(actor, args)];
  if (q.studyInstanceUid) parts.push(`st.study_instance_uid = ${args.add(q.studyInstanceUid)}`);
  if (q.studyId) parts.push(`st.id = ${args.add(q.studyId)}`);
  if (q.patientId) parts.push(`st.patient_id = ${args.add(q.patientId)}`);
  if (q.seriesInstanceUid) parts.push(`se.series_instance_uid = ${args.add(q.seriesInstanceUid)}`);
  for (const filter of q.filters) {
    if (!COLUMNS[filter.tag])
      throw AppError.validation(
        `(${filter.tag.slice(0, 4)},${filter.tag.slice(4)}) is not indexed for matching`,
      );
    parts.push(condition(filter, args));
  }
  return parts.join(' AND ');
}
