/** Words and colours of the reading workflow, shared by the worklist and the reading page. */
export type Priority = 'STAT' | 'URGENT' | 'ROUTINE';

/**
 * Solid tag colours: white text on these passes WCAG AA contrast (antd's pale preset tags for
 * orange and green do not).
 */
export const PRIORITY: Record<Priority, { label: string; en: string; color: string }> = {
  STAT: { label: '急诊 STAT', en: 'STAT', color: '#cf1322' },
  URGENT: { label: '加急 URGENT', en: 'Urgent', color: '#ad4e00' },
  ROUTINE: { label: '常规 ROUTINE', en: 'Routine', color: '#0958d9' },
};

export const STUDY_STATUS: Record<string, { label: string; en: string; color: string }> = {
  RECEIVED: { label: '已接收', en: 'Received', color: '#595959' },
  QUEUED: { label: '待阅片', en: 'Queued', color: '#0958d9' },
  IN_PROGRESS: { label: '阅片中', en: 'Reading', color: '#ad4e00' },
  PRELIMINARY: {
    label: '初步报告·待审核',
    en: 'Preliminary · awaiting approval',
    color: '#7a2e9e',
  },
  FINAL: { label: '最终报告', en: 'Final', color: '#237804' },
  RETURNED: { label: '已退回', en: 'Sent back', color: '#cf1322' },
};

export const REPORT_STATUS: Record<string, { label: string; en: string; color: string }> = {
  DRAFT: { label: '草稿', en: 'Draft', color: '#595959' },
  PRELIMINARY: { label: '初步报告', en: 'Preliminary', color: '#7a2e9e' },
  FINAL: { label: '最终报告', en: 'Final', color: '#237804' },
  SUPERSEDED: { label: '已被修订', en: 'Superseded', color: '#595959' },
};

/** h:mm:ss, with days in front when a day or more: 1天 03:20:05. */
export function clock(ms: number, lang: 'zh' | 'en' = 'zh'): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days ? (lang === 'zh' ? `${days}天 ` : `${days}d `) : ''}${days ? two(h) : h}:${two(m)}:${two(s)}`;
}

/** A waiting time in words: 3分钟, 2小时5分, 1天3小时. */
export function waited(ms: number, lang: 'zh' | 'en' = 'zh'): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (lang === 'en') {
    if (minutes < 60) return `${minutes} min`;
    const h = Math.floor(minutes / 60);
    if (h < 24) return `${h} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
    return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
  }
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}小时${minutes % 60 ? `${minutes % 60}分` : ''}`;
  return `${Math.floor(hours / 24)}天${hours % 24 ? `${hours % 24}小时` : ''}`;
}

/** Where the turnaround stands: on time, nearly due (last quarter) or breached. */
export function turnaround(
  requestedAt: string | null,
  dueAt: string | null,
  now: number,
): { remainingMs: number; state: 'ok' | 'soon' | 'breached' } | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  const remainingMs = due - now;
  if (remainingMs <= 0) return { remainingMs, state: 'breached' };
  const start = requestedAt ? Date.parse(requestedAt) : NaN;
  const soon = Number.isFinite(start) && remainingMs < (due - start) / 4;
  return { remainingMs, state: soon ? 'soon' : 'ok' };
}

/** Age in whole years on a day, from a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, now = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  const years = now.getFullYear() - y;
  const beforeBirthday = now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d);
  return beforeBirthday ? years - 1 : years;
}
