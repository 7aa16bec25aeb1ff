import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { App } from 'antd';
import { useT } from '../i18n';

/**
 * A report typed but not saved is not lost by a stray click: leaving the page (in the console
 * or closing the tab) asks first.
 */
export function useUnsavedGuard(unsaved: boolean): void {
  const { modal } = App.useApp();
  const t = useT();
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved &&
      currentLocation.pathname !== nextLocation.pathname &&
      !(nextLocation.state as { released?: boolean } | null)?.released,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('unsavedTitle'),
      content: t('unsavedHint'),
      okText: t('leave'),
      cancelText: t('stay'),
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
