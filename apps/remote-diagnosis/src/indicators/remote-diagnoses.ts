import { DataSource } from 'typeorm';

/** Institution types seed 004 附件2 7 calls 基层医疗卫生机构 (卫生院, 社区卫生服务中心, 村卫生室). */
export const PRIMARY_LEVEL_TYPES = [
  'TOWNSHIP_HEALTH_CENTER',
  'COMMUNITY_HEALTH_CENTER',
  'VILLAGE_CLINIC',
] as const;

/**
 * Seed 004 附件1 6 ("基层检查、上级诊断"患者数, 万人). The 2024 column is the value the seed
 * records, 2025 and 2027 are its targets; all are for the whole region over a year.
 */
export const PRIMARY_EXAM_UPPER_DIAGNOSIS_TARGETS = [
  { year: 2024, kind: 'RECORDED' as const, minPatients: 10_000 },
  { year: 2025, kind: 'TARGET' as const, minPatients: 15_000 },
  { year: 2027, kind: 'TARGET' as const, minPatients: 20_000 },
];

/**
 * One 人次 of seed 004 附件2 5(1) (远程医学影像（含影像、心电…）诊断人次数): one study, performed at
 * one institution for one patient, read and finalized by a reading center (影像/心电 中心) of
 * another institution, counted once — in the period of its (latest) finalization, however many
 * report versions or amendments it has. `$1` is the list of communities, `$2`/`$3` the period,
 * `$4` an optional institution (the study's or the reading center's).
 */
const REMOTE_STUDIES = `
  SELECT st.id, st.patient_id, src.type AS source_type, src.level AS source_level, ctr.level AS center_level
    FROM diagnosis.studies st
    JOIN diagnosis.dir_departments d ON d.id = st.center_id
    JOIN diagnosis.dir_institutions ctr ON ctr.id = d.institution_id
    JOIN diagnosis.dir_institutions src ON src.id = st.institution_id
   WHERE st.community_id = ANY($1::uuid[]) AND st.finalized_at >= $2 AND st.finalized_at < $3
     AND ctr.id <> src.id
     AND ($4::uuid IS NULL OR src.id = $4 OR ctr.id = $4)`;

export interface RemoteCounts {
  remote: number;
  patients: number;
  studiesWithoutPatient: number;
}

/**
 * Remote diagnoses, and the "基层检查、上级诊断" patients among them (seed 004 附件1 6): distinct
 * patients examined at a primary-level institution and read at an institution of a higher level
 * (上级: `level` greater than the examining one's). A study without a linked patient cannot be
 * told apart from another person's, so it is counted apart, never as a patient.
 */
export async function remoteCounts(
  ds: DataSource,
  communityIds: string[],
  from: string,
  to: string,
  institutionId: string | null,
): Promise<RemoteCounts> {
  const [row] = await ds.query(
    `WITH r AS (${REMOTE_STUDIES}),
          upper AS (SELECT * FROM r WHERE source_type = ANY($5::text[]) AND center_level > source_level)
     SELECT (SELECT count(*) FROM r)::int AS remote,
            (SELECT count(DISTINCT patient_id) FROM upper)::int AS patients,
            (SELECT count(*) FROM upper WHERE patient_id IS NULL)::int AS "studiesWithoutPatient"`,
    [communityIds, from, to, institutionId, PRIMARY_LEVEL_TYPES],
  );
  return row;
}

export interface DistrictRow {
  id: string;
  code: string;
  name: string;
  population: number;
  communityIds: string[];
}

/** The community's district and every community in it (replicated from the gateway). */
export async function districtOf(ds: DataSource, communityId: string): Promise<DistrictRow | null> {
  const [row] = await ds.query(
    `SELECT d.id, d.code, d.name, d.population,
            array(SELECT c.id FROM diagnosis.dir_communities c WHERE c.district_id = d.id) AS "communityIds"
       FROM diagnosis.dir_communities me JOIN diagnosis.dir_districts d ON d.id = me.district_id
      WHERE me.id = $1`,
    [communityId],
  );
  return row ?? null;
}

export async function communityPopulation(ds: DataSource, communityId: string): Promise<number> {
  const [row] = await ds.query(`SELECT population FROM diagnosis.dir_communities WHERE id = $1`, [
    communityId,
  ]);
  return Number(row?.population ?? 0);
}

export const round = (x: number | null): number | null =>
  x === null ? null : Math.round(x * 100) / 100;

/** 诊断人次数 × 10000 / 区域内常住人口数 (seed 004 附件2 5(1)); null when there is no population. */
export function per10k(count: number, population: number | null): number | null {
  return population && population > 0 ? round((count * 10000) / population) : null;
}
