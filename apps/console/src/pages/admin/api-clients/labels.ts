import type { Tone } from '../users/StatusBadge';

/** What each API scope allows (docs/api-clients.md), in the words of a hospital IT engineer. */
export const SCOPE_LABELS: Record<string, string> = {
  'directory:read': '读取机构与科室目录',
  'patients:read': '查询患者',
  'patients:write': '登记患者',
  'referrals:read': '读取转诊与号源（含 referral.* 事件）',
  'referrals:write': '发起与处理转诊',
  'studies:read': '读取检查与报告（含检查/报告/危急值事件）',
  'studies:write': '提交检查与申请',
  'dicomweb:read': 'DICOMweb 查询与调阅',
  'dicomweb:write': 'DICOMweb 上传（STOW）',
  'fhir:read': 'FHIR 读取',
  'fhir:write': 'FHIR 写入',
  'webhooks:manage': '自行管理本客户端的 Webhook',
};

export const SCOPES = Object.keys(SCOPE_LABELS);

export const EVENT_LABELS: Record<string, string> = {
  'referral.submitted': '转诊已提交',
  'referral.accepted': '转诊已接收',
  'referral.rejected': '转诊被拒绝',
  'referral.redirected': '转诊被改派',
  'referral.arrived': '患者已到院',
  'referral.completed': '转诊已完成',
  'referral.cancelled': '转诊已取消',
  'referral.expired': '转诊已过期',
  'referral.no_show': '患者未到院',
  'referral.escalated': '转诊超时升级',
  'referral.green_channel': '绿色通道',
  'study.received': '检查已接收',
  'report.finalized': '报告已发布',
  'report.amended': '报告已修订',
  'critical.raised': '危急值上报',
  'critical.acknowledged': '危急值已确认',
  'critical.escalated': '危急值升级',
};

export const DELIVERY_STATUS: Record<string, { label: string; tone: Tone }> = {
  PENDING: { label: '待发送', tone: 'processing' },
  FAILED: { label: '失败待重试', tone: 'warning' },
  DELIVERED: { label: '已送达', tone: 'success' },
  DEAD: { label: '已放弃（可重放）', tone: 'error' },
};

/** How long a rotated-out key (or webhook secret) keeps working; the server allows 0 to 7 days. */
export const GRACE_OPTIONS = [
  { value: 0, label: '立即失效' },
  { value: 3600, label: '1 小时' },
  { value: 86400, label: '24 小时（默认）' },
  { value: 3 * 86400, label: '3 天' },
  { value: 7 * 86400, label: '7 天（最长）' },
];

const SCOPE_LABELS_EN: Record<string, string> = {
  'directory:read': 'Read the institution and department directory',
  'patients:read': 'Look up patients',
  'patients:write': 'Register patients',
  'referrals:read': 'Read referrals and slots (incl. referral.* events)',
  'referrals:write': 'Make and handle referrals',
  'studies:read': 'Read studies and reports (incl. study/report/critical finding events)',
  'studies:write': 'Submit studies and requests',
  'dicomweb:read': 'DICOMweb query and retrieve',
  'dicomweb:write': 'DICOMweb upload (STOW)',
  'fhir:read': 'FHIR read',
  'fhir:write': 'FHIR write',
  'webhooks:manage': "Manage this client's own webhooks",
};

const EVENT_LABELS_EN: Record<string, string> = {
  'referral.submitted': 'Referral submitted',
  'referral.accepted': 'Referral accepted',
  'referral.rejected': 'Referral rejected',
  'referral.redirected': 'Referral redirected',
  'referral.arrived': 'Patient arrived',
  'referral.completed': 'Referral completed',
  'referral.cancelled': 'Referral cancelled',
  'referral.expired': 'Referral expired',
  'referral.no_show': 'Patient did not arrive',
  'referral.escalated': 'Referral escalated (overdue)',
  'referral.green_channel': 'Green channel',
  'study.received': 'Study received',
  'report.finalized': 'Report finalized',
  'report.amended': 'Report amended',
  'critical.raised': 'Critical finding raised',
  'critical.acknowledged': 'Critical finding acknowledged',
  'critical.escalated': 'Critical finding escalated',
};

const DELIVERY_STATUS_EN: Record<string, { label: string; tone: Tone }> = {
  PENDING: { label: 'Pending', tone: 'processing' },
  FAILED: { label: 'Failed, will retry', tone: 'warning' },
  DELIVERED: { label: 'Delivered', tone: 'success' },
  DEAD: { label: 'Given up (can replay)', tone: 'error' },
};

const GRACE_OPTIONS_EN = [
  { value: 0, label: 'Expire now' },
  { value: 3600, label: '1 hour' },
  { value: 86400, label: '24 hours (default)' },
  { value: 3 * 86400, label: '3 days' },
  { value: 7 * 86400, label: '7 days (longest)' },
];

/** The API-client label maps in the console's language. */
export function apiLabels(lang: 'zh' | 'en') {
  return lang === 'zh'
    ? { SCOPE_LABELS, EVENT_LABELS, DELIVERY_STATUS, GRACE_OPTIONS }
    : {
        SCOPE_LABELS: SCOPE_LABELS_EN,
        EVENT_LABELS: EVENT_LABELS_EN,
        DELIVERY_STATUS: DELIVERY_STATUS_EN,
        GRACE_OPTIONS: GRACE_OPTIONS_EN,
      };
}
