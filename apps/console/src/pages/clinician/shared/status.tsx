import { Tag } from 'antd';
import { useLocale } from '../../../i18n/locale';

type Lang = 'zh' | 'en';

/**
 * The study's reading status as the clinic reads it. Solid tags with white text: antd's light
 * preset tags (gold on cream, green on mint) fall below 4.5:1 contrast at tag size.
 */
export const STUDY_STATUS: Record<string, { label: string; en: string; color: string }> = {
  RECEIVED: { label: '已上传，未申请', en: 'Uploaded, not requested', color: '#595959' },
  QUEUED: { label: '排队待阅', en: 'Queued', color: '#ad4e00' },
  IN_PROGRESS: { label: '阅片中', en: 'Being read', color: '#0958d9' },
  PRELIMINARY: { label: '待审核', en: 'Awaiting review', color: '#531dab' },
  FINAL: { label: '已出报告', en: 'Reported', color: '#237804' },
  RETURNED: { label: '已退回', en: 'Sent back', color: '#a8071a' },
};

/** The status's name in the language on screen; an unknown code as it is. */
export function statusLabel(status: string, lang: Lang): string {
  const s = STUDY_STATUS[status];
  return s ? (lang === 'zh' ? s.label : s.en) : status;
}

export function StatusTag({ status }: { status: string }) {
  const { lang } = useLocale();
  const color = STUDY_STATUS[status]?.color ?? '#595959';
  return (
    <Tag color={color} data-testid="study-status">
      {statusLabel(status, lang)}
    </Tag>
  );
}

export const PRIORITY: Record<string, { label: string; en: string; color: string }> = {
  STAT: { label: '急诊 STAT', en: 'STAT', color: '#a8071a' },
  URGENT: { label: '加急 URGENT', en: 'URGENT', color: '#ad4e00' },
  ROUTINE: { label: '常规 ROUTINE', en: 'ROUTINE', color: '#0958d9' },
};

export function priorityLabel(priority: string, lang: Lang): string {
  const p = PRIORITY[priority];
  return p ? (lang === 'zh' ? p.label : p.en) : priority;
}

export function PriorityTag({ priority }: { priority: string | null | undefined }) {
  const { lang } = useLocale();
  if (!priority) return <>—</>;
  return <Tag color={PRIORITY[priority]?.color ?? '#595959'}>{priorityLabel(priority, lang)}</Tag>;
}
