import { useEffect, useState } from 'react';

/**
 * Keeps a page's data live without reloading: `refresh` every `everyMs` while `active`, at once
 * when the bell hears of a notification (the shell's window events) and when the connection or
 * the tab comes back. Returns the time of the last refresh, for "更新于 …".
 */
export function useLive(refresh: () => void, everyMs: number, active = true): Date {
  const [at, setAt] = useState(() => new Date());
  useEffect(() => {
    if (!active) return;
    const tick = () => {
      if (document.visibilityState === 'hidden' || !navigator.onLine) return;
      refresh();
      setAt(new Date());
    };
    const timer = setInterval(tick, everyMs);
    const events = ['cmc:notification', 'cmc:critical', 'online'];
    for (const e of events) window.addEventListener(e, tick);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, tick);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [refresh, everyMs, active]);
  return at;
}
