import type { ReactNode } from 'react';

/**
 * Secondary text that still passes WCAG AA contrast (7:1): antd's `type="secondary"` is
 * 45 % black, 3.4:1 on white, which the accessibility scan reports as serious.
 */
export function Muted({ children }: { children: ReactNode }) {
  return <span style={{ color: '#595959' }}>{children}</span>;
}
