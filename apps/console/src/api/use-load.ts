import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads once (and again on `reload` or when `deps` change): data, the error problem+json if the
 * call failed, and loading. An answer that arrives after a newer request started is dropped.
 */
export function useLoad<T>(
  load: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  deps: unknown[] = [],
) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: s.data === undefined }));
    load().then(
      ({ data, error, response }) => {
        if (mine !== generation.current) return;
        setState(
          data !== undefined
            ? { data, loading: false }
            : {
                error: error ?? { status: response.status, detail: response.statusText },
                loading: false,
              },
        );
      },
      (error: unknown) => {
        if (mine === generation.current)
          setState({
            error: { status: 0, detail: `网络错误 / network error: ${String(error)}` },
            loading: false,
          });
      },
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
