import { useState } from 'react';
import { App } from 'antd';
import { api, problemText } from '../../../api/client';
import type { Study } from '../reading/StudyPanel';
import type { ReportText } from './ReportEditor';

type Answer = { data?: Study; error?: unknown };

/**
 * The report's calls. Each answers the study as it now stands (handed to `onStudy`); a refusal
 * becomes the sentence shown above the editor, naming the field when the API names one.
 */
export function useReportActions(studyId: string, onStudy: (s: Study) => void) {
  const { message } = App.useApp();
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
        setError(`${what}失败：${problemText(error)}`);
        return null;
      }
      onStudy(data);
      return data;
    } catch (e) {
      setError(`${what}失败：网络错误 ${String(e)}`);
      return null;
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = (text: ReportText) =>
    run('draft', '保存草稿', () =>
      api.POST('/api/v1/studies/{id}/report/draft', { ...path, body: text }),
    );

  /** Saves what is on screen first when it differs from the stored draft, then signs. */
  const sign = async (text: ReportText, unsaved: boolean) => {
    if (unsaved && !(await saveDraft(text))) return null;
    const signed = await run('sign', '签名', () =>
      api.POST('/api/v1/studies/{id}/report/sign', { ...path, body: {} }),
    );
    if (signed)
      message.success(
        signed.status === 'FINAL' ? '报告已签发，为最终报告' : '报告已签名，等待审核医生审核',
      );
    return signed;
  };

  const approve = async () => {
    const done = await run('approve', '审核', () =>
      api.POST('/api/v1/studies/{id}/report/approve', { ...path, body: {} }),
    );
    if (done) message.success('报告已审核通过，成为最终报告');
    return done;
  };

  const amend = async (text: ReportText, reason: string) => {
    const done = await run('amend', '修订', () =>
      api.POST('/api/v1/studies/{id}/report/amend', { ...path, body: { ...text, reason } }),
    );
    if (done) message.success(done.status === 'FINAL' ? '修订已生效' : '修订已提交，等待审核');
    return done;
  };

  /** Answers the sentence for the dialog on refusal (it stays open), or nothing when sent back. */
  const sendBack = async (reason: string) => {
    const { data, error } = await api.POST('/api/v1/studies/{id}/send-back', {
      ...path,
      body: { reason },
    });
    if (!data) return `退回失败：${problemText(error)}`;
    onStudy(data);
    message.info('检查已退回基层，请其重新检查后再次申请');
    return undefined;
  };

  return { busy, error, saveDraft, sign, approve, amend, sendBack };
}
