import { dictionary } from '../../i18n/dictionary';
import { uploadEn, uploadZh } from './upload/texts';
import { studyDetailEn, studyDetailZh } from './detail/texts';
import { printEn, printZh } from './print/texts';

const zh = {
  // StudiesPage
  studiesTitle: '检查与报告',
  studiesPanel: '本机构的检查',
  uploadButton: '上传检查',
  status: '状态',
  all: '全部',
  modality: '检查类型',
  uploadDate: '上传日期',
  autoRefresh: '自动刷新 · 更新于 {at}',
  showingRecent: '（共 {total} 个，显示最近 {limit} 个）',
  noStudies: '暂无检查',
  receivedAt: '上传时间',
  patient: '患者',
  exam: '检查',
  actions: '操作',
  viewStudyAria: '查看检查 {uid}',
  view: '查看',
  printReportAria: '打印报告 {uid}',
  printReport: '打印报告',
  ...uploadZh,
  ...studyDetailZh,
  ...printZh,
};

const en: Record<keyof typeof zh, string> = {
  studiesTitle: 'Studies and reports',
  studiesPanel: 'Studies of this institution',
  uploadButton: 'Upload study',
  status: 'Status',
  all: 'All',
  modality: 'Modality',
  uploadDate: 'Upload date',
  autoRefresh: 'Auto-refresh · updated {at}',
  showingRecent: ' ({total} in all, showing the latest {limit})',
  noStudies: 'No studies',
  receivedAt: 'Uploaded',
  patient: 'Patient',
  exam: 'Exam',
  actions: 'Actions',
  viewStudyAria: 'View study {uid}',
  view: 'View',
  printReportAria: 'Print report {uid}',
  printReport: 'Print report',
  ...uploadEn,
  ...studyDetailEn,
  ...printEn,
};

export const useT = dictionary(zh, en);
