import { Badge } from 'antd';

export type Tone = 'success' | 'warning' | 'error' | 'processing' | 'default';

/** A status as a coloured dot and dark text: readable where antd's coloured tags are too pale. */
export function StatusBadge({ tone, text }: { tone: Tone; text: string }) {
  return <Badge status={tone} text={text} />;
}
