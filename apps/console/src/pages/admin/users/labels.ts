/** Chinese names of the platform's roles, institution types and department kinds. */
export const ROLE_LABELS: Record<string, string> = {
  clinician: '临床医生',
  referral_coordinator: '转诊协调员',
  reader: '诊断医师（阅片/心电）',
  senior_reader: '审核医师（审核报告）',
  community_admin: '医共体管理员',
};

/** Short names for tags in tables (the same as the header's). */
export const ROLE_SHORT: Record<string, string> = {
  clinician: '临床医生',
  referral_coordinator: '转诊协调员',
  reader: '诊断医师',
  senior_reader: '审核医师',
  community_admin: '医共体管理员',
};

export const ROLES = Object.keys(ROLE_LABELS) as (keyof typeof ROLE_LABELS)[];

/** Only readers read for a reading center (the server refuses centers for anyone else). */
export const READER_ROLES = ['reader', 'senior_reader'];

export const INSTITUTION_TYPE_LABELS: Record<string, string> = {
  LEAD_HOSPITAL: '牵头医院',
  COUNTY_HOSPITAL: '区县级医院',
  TOWNSHIP_HEALTH_CENTER: '乡镇卫生院',
  COMMUNITY_HEALTH_CENTER: '社区卫生服务中心',
  VILLAGE_CLINIC: '村卫生室',
};

export const CENTER_KIND_LABELS: Record<string, string> = {
  IMAGING_CENTER: '影像诊断中心',
  ECG_CENTER: '心电诊断中心',
};

/** The server's password rule (docs/runbooks/setting-up-a-community.md), said up front. */
export const PASSWORD_RULE =
  '12–200 个字符，至少包含小写字母、大写字母、数字、其他字符中的三类，且不能包含用户名';

const ROLE_LABELS_EN: Record<string, string> = {
  clinician: 'Clinician',
  referral_coordinator: 'Referral coordinator',
  reader: 'Reader (imaging/ECG)',
  senior_reader: 'Senior reader (reviews reports)',
  community_admin: 'Community admin',
};

const ROLE_SHORT_EN: Record<string, string> = {
  clinician: 'Clinician',
  referral_coordinator: 'Referral coordinator',
  reader: 'Reader',
  senior_reader: 'Senior reader',
  community_admin: 'Community admin',
};

const INSTITUTION_TYPE_LABELS_EN: Record<string, string> = {
  LEAD_HOSPITAL: 'Lead hospital',
  COUNTY_HOSPITAL: 'County hospital',
  TOWNSHIP_HEALTH_CENTER: 'Township health center',
  COMMUNITY_HEALTH_CENTER: 'Community health center',
  VILLAGE_CLINIC: 'Village clinic',
};

const CENTER_KIND_LABELS_EN: Record<string, string> = {
  IMAGING_CENTER: 'Imaging reading center',
  ECG_CENTER: 'ECG reading center',
};

const DEPARTMENT_KIND_LABELS: Record<string, string> = {
  CLINICAL: '门诊科室',
  WARD: '病区',
  IMAGING_CENTER: '影像诊断中心',
  ECG_CENTER: '心电诊断中心',
  OTHER: '其他',
};

const DEPARTMENT_KIND_LABELS_EN: Record<string, string> = {
  CLINICAL: 'Outpatient department',
  WARD: 'Ward',
  IMAGING_CENTER: 'Imaging reading center',
  ECG_CENTER: 'ECG reading center',
  OTHER: 'Other',
};

/** The label maps in the console's language. */
export function userLabels(lang: 'zh' | 'en') {
  return lang === 'zh'
    ? {
        ROLE_LABELS,
        ROLE_SHORT,
        INSTITUTION_TYPE_LABELS,
        CENTER_KIND_LABELS,
        DEPARTMENT_KIND_LABELS,
      }
    : {
        ROLE_LABELS: ROLE_LABELS_EN,
        ROLE_SHORT: ROLE_SHORT_EN,
        INSTITUTION_TYPE_LABELS: INSTITUTION_TYPE_LABELS_EN,
        CENTER_KIND_LABELS: CENTER_KIND_LABELS_EN,
        DEPARTMENT_KIND_LABELS: DEPARTMENT_KIND_LABELS_EN,
      };
}
