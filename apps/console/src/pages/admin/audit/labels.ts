/** The audit log's words in Chinese; unknown values are shown as the server writes them. */
export const ACTION_LABELS: Record<string, string> = {
  read: '查看',
  search: '查询',
  create: '新建',
  update: '修改',
  delete: '删除',
  export: '导出',
};

export const OUTCOME_LABELS: Record<string, string> = {
  ok: '成功',
  denied: '被拒绝',
  not_found: '未找到',
};

/** FHIR resources keep their FHIR names in both languages. */
const FHIR_TYPES: Record<string, string> = {
  Task: 'FHIR Task',
  ServiceRequest: 'FHIR ServiceRequest',
  DiagnosticReport: 'FHIR DiagnosticReport',
  Organization: 'FHIR Organization',
  PractitionerRole: 'FHIR PractitionerRole',
  Endpoint: 'FHIR Endpoint',
  Flag: 'FHIR Flag',
  Bundle: 'FHIR Bundle',
};

/** Resource types the gateway writes (apps/gateway/src: audit.record calls). */
export const RESOURCE_TYPES: Record<string, string> = {
  user: '用户',
  user_password: '用户密码',
  institution: '机构',
  department: '科室',
  reading_center_reader: '阅片中心成员',
  api_client: '接口客户端',
  webhook_endpoint: 'Webhook 地址',
  webhook_delivery: 'Webhook 投递',
  Patient: '患者',
  Referral: '转诊',
  ImagingStudy: '检查',
  Report: '报告',
  CriticalFinding: '危急值',
  ResultSharing: '结果互认设置',
  SharedStudy: '互认检查',
  Schedule: '排班',
  Slot: '号源',
  Appointment: '预约',
  ...FHIR_TYPES,
};

const ACTION_LABELS_EN: Record<string, string> = {
  read: 'View',
  search: 'Search',
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  export: 'Export',
};

const OUTCOME_LABELS_EN: Record<string, string> = {
  ok: 'Success',
  denied: 'Denied',
  not_found: 'Not found',
};

const RESOURCE_TYPES_EN: Record<string, string> = {
  user: 'User',
  user_password: 'User password',
  institution: 'Institution',
  department: 'Department',
  reading_center_reader: 'Reading center member',
  api_client: 'API client',
  webhook_endpoint: 'Webhook endpoint',
  webhook_delivery: 'Webhook delivery',
  Patient: 'Patient',
  Referral: 'Referral',
  ImagingStudy: 'Study',
  Report: 'Report',
  CriticalFinding: 'Critical finding',
  ResultSharing: 'Result sharing settings',
  SharedStudy: 'Shared study',
  Schedule: 'Schedule',
  Slot: 'Slot',
  Appointment: 'Appointment',
  ...FHIR_TYPES,
};

/** The audit words in the console's language. */
export function auditLabels(lang: 'zh' | 'en') {
  return lang === 'zh'
    ? { ACTION_LABELS, OUTCOME_LABELS, RESOURCE_TYPES }
    : {
        ACTION_LABELS: ACTION_LABELS_EN,
        OUTCOME_LABELS: OUTCOME_LABELS_EN,
        RESOURCE_TYPES: RESOURCE_TYPES_EN,
      };
}
