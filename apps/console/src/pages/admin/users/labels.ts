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
