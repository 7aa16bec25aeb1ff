import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App } from 'antd';
import { api, problemText } from '../../../api/client';
import { releaseStudy } from './use-lease';
import type { Study } from './StudyPanel';
import { useT } from '../i18n';

/** Claiming the study from its page, and giving it back to the queue on purpose. */
export function useStudyActions(study: Study, onStudy: (s: Study) => void) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const claim = async () => {
    setBusy('claim');
    setError(null);
    const { data, error } = await api
      .POST('/api/v1/studies/{id}/claim', { params: { path: { id: study.id } } })
      .catch((e: unknown) => ({
        data: undefined,
        error: { detail: t('networkError', { e: String(e) }) },
      }));
    setBusy(null);
    if (data) onStudy(data);
    else setError(t('claimFailed', { e: problemText(error) }));
  };

  const release = async () => {
    setBusy('release');
    setError(null);
    const { data, error } = await releaseStudy(study.id, '阅片医生释放回队列').catch(
      (e: unknown) => ({
        data: undefined,
        error: { detail: t('networkError', { e: String(e) }) },
      }),
    );
    setBusy(null);
    if (!data) return setError(t('releaseFailed', { e: problemText(error) }));
    onStudy(data);
    message.info(t('released'));
    // The reader chose to give it back: no "unsaved report" question on the way out.
    navigate('/reader/worklist', { state: { released: true } });
  };

  return { busy, error, claim, release };
}
