import { useCallback, useEffect, useRef, useState } from 'react';

/** Like useLoad, for loads that are not one typed call (QIDO, several calls at once). */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) =>
        mine === generation.current &&
        setState({
          error:
            error && typeof error === 'object' && ('detail' in error || 'title' in error)
              ? error
              : { status: 0, detail: `网络错误 / network error: ${String(error)}` },
          loading: false,
        }),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
