import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { App } from 'antd';

/**
 * A report typed but not saved is not lost by a stray click: leaving the page (in the console
 * or closing the tab) asks first.
 */
export function useUnsavedGuard(unsaved: boolean): void {
  const { modal } = App.useApp();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved &&
      currentLocation.pathname !== nextLocation.pathname &&
      !(nextLocation.state as { released?: boolean } | null)?.released,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: '报告尚未保存',
      content: '离开后未保存的内容将丢失，检查也会释放回队列。',
      okText: '离开',
      cancelText: '留在此页',
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal]);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}
