import { dictionary } from '../../i18n/dictionary';
import { useLocale } from '../../i18n/locale';
import { usersEn, usersZh } from './users/texts';
import { auditEn, auditZh } from './audit/texts';
import { indicatorsEn, indicatorsZh } from './indicators/texts';

const zh = {
  // Pages
  usersTitle: '用户管理',
  usersTab: '用户',
  institutionsTab: '机构与科室',
  apiClientsTitle: '接口客户端与 Webhook',
  apiKeyNote: 'API 密钥（请求头 X-API-Key）',
  webhookSecretNote: 'Webhook 签名密钥（whsec_…，用于校验 webhook-signature）',
  auditTitle: '审计日志',
  indicatorsTitle: '统计指标',
  // Common
  enable: '启用',
  disable: '停用',
  enabled: '启用',
  disabled: '已停用',
  cancel: '取消',
  save: '保存',
  create: '创建',
  edit: '编辑',
  status: '状态',
  actions: '操作',
  type: '类型',
  institution: '机构',
  nameEnabled: '{name} 已启用',
  nameDisabled: '{name} 已停用',
  nameProblem: '{name}：{problem}',
  disableWho: '停用 {name}？',
  ...usersZh,
  ...auditZh,
  ...indicatorsZh,
};

const en: Record<keyof typeof zh, string> = {
  usersTitle: 'User management',
  usersTab: 'Users',
  institutionsTab: 'Institutions and departments',
  apiClientsTitle: 'API clients and webhooks',
  apiKeyNote: 'API key (request header X-API-Key)',
  webhookSecretNote: 'Webhook signing secret (whsec_…, verifies webhook-signature)',
  auditTitle: 'Audit log',
  indicatorsTitle: 'Indicators',
  enable: 'Enable',
  disable: 'Disable',
  enabled: 'Active',
  disabled: 'Disabled',
  cancel: 'Cancel',
  save: 'Save',
  create: 'Create',
  edit: 'Edit',
  status: 'Status',
  actions: 'Actions',
  type: 'Type',
  institution: 'Institution',
  nameEnabled: '{name} enabled',
  nameDisabled: '{name} disabled',
  nameProblem: '{name}: {problem}',
  disableWho: 'Disable {name}?',
  ...usersEn,
  ...auditEn,
  ...indicatorsEn,
};

export const useT = dictionary(zh, en);

export type T = ReturnType<typeof useT>;
export type AdminKey = keyof typeof zh;

/** The current language, for the label maps that come in both languages. */
export const useLang = () => useLocale().lang;
