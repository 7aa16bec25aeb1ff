import { useEffect } from 'react';

/**
 * Calls `refresh` every `ms` while the tab is visible, and at once when it becomes visible
 * again: the inbox stays live without reloading, and a hidden tab costs the server nothing.
 */
export function usePoll(refresh: () => void, ms = 10_000): void {
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = window.setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [refresh, ms]);
}
