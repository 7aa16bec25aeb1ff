import { Tag } from 'antd';

/**
 * The study's reading status as the clinic reads it. Solid tags with white text: antd's light
 * preset tags (gold on cream, green on mint) fall below 4.5:1 contrast at tag size.
 */
export const STUDY_STATUS: Record<string, { label: string; color: string }> = {
  RECEIVED: { label: '已上传，未申请', color: '#595959' },
  QUEUED: { label: '排队待阅', color: '#ad4e00' },
  IN_PROGRESS: { label: '阅片中', color: '#0958d9' },
  PRELIMINARY: { label: '待审核', color: '#531dab' },
  FINAL: { label: '已出报告', color: '#237804' },
  RETURNED: { label: '已退回', color: '#a8071a' },
};

export function StatusTag({ status }: { status: string }) {
  const s = STUDY_STATUS[status] ?? { label: status, color: '#595959' };
  return (
    <Tag color={s.color} data-testid="study-status">
      {s.label}
    </Tag>
  );
}

export const PRIORITY: Record<string, { label: string; color: string }> = {
  STAT: { label: '急诊 STAT', color: '#a8071a' },
  URGENT: { label: '加急 URGENT', color: '#ad4e00' },
  ROUTINE: { label: '常规 ROUTINE', color: '#0958d9' },
};

export function PriorityTag({ priority }: { priority: string | null | undefined }) {
  if (!priority) return <>—</>;
  const p = PRIORITY[priority] ?? { label: priority, color: '#595959' };
  return <Tag color={p.color}>{p.label}</Tag>;
}
