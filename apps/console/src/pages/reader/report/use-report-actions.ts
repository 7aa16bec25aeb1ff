import { useState } from 'react';
import { App } from 'antd';
import { api, problemText } from '../../../api/client';
import type { Study } from '../reading/StudyPanel';
import type { ReportText } from './ReportEditor';
import { useT } from '../i18n';

type Answer = { data?: Study; error?: unknown };

/**
 * The report's calls. Each answers the study as it now stands (handed to `onStudy`); a refusal
 * becomes the sentence shown above the editor, naming the field when the API names one.
 */
export function useReportActions(studyId: string, onStudy: (s: Study) => void) {
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = { params: { path: { id: studyId } } };

  const run = async (
    name: string,
    what: string,
    call: () => Promise<Answer>,
  ): Promise<Study | null> => {
    setBusy(name);
    setError(null);
    try {
      const { data, error } = await call();
      if (!data) {
        setError(t('failed', { what, e: problemText(error) }));
        return null;
      }
      onStudy(data);
      return data;
    } catch (e) {
      setError(t('failedNetwork', { what, e: String(e) }));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = (text: ReportText) =>
    run('draft', t('whatDraft'), () =>
      api.POST('/api/v1/studies/{id}/report/draft', { ...path, body: text }),
    );

  /** Saves what is on screen first when it differs from the stored draft, then signs. */
  const sign = async (text: ReportText, unsaved: boolean) => {
    if (unsaved && !(await saveDraft(text))) return null;
    const signed = await run('sign', t('whatSign'), () =>
      api.POST('/api/v1/studies/{id}/report/sign', { ...path, body: {} }),
    );
    if (signed)
      message.success(signed.status === 'FINAL' ? t('issuedFinal') : t('signedForReview'));
    return signed;
  };

  const approve = async () => {
    const done = await run('approve', t('whatApprove'), () =>
      api.POST('/api/v1/studies/{id}/report/approve', { ...path, body: {} }),
    );
    if (done) message.success(t('approvedFinal'));
    return done;
  };

  const amend = async (text: ReportText, reason: string) => {
    const done = await run('amend', t('whatAmend'), () =>
      api.POST('/api/v1/studies/{id}/report/amend', { ...path, body: { ...text, reason } }),
    );
    if (done) message.success(done.status === 'FINAL' ? t('amendDone') : t('amendForReview'));
    return done;
  };

  /** Answers the sentence for the dialog on refusal (it stays open), or nothing when sent back. */
  const sendBack = async (reason: string) => {
    const { data, error } = await api.POST('/api/v1/studies/{id}/send-back', {
      ...path,
      body: { reason },
    });
    if (!data) return t('sendBackFailed', { e: problemText(error) });
    onStudy(data);
    message.info(t('sentBack'));
    return undefined;
  };

  return { busy, error, saveDraft, sign, approve, amend, sendBack };
}
