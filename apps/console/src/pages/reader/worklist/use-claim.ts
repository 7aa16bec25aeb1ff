import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App } from 'antd';
import { api, problemText } from '../../../api/client';
import { useT } from '../i18n';

/**
 * Claiming from the worklist: a chosen study or the next of a center. A claimed study opens the
 * reading page; a refusal (another reader was quicker: 409) says why and refreshes the list.
 */
export function useClaim(refresh: () => void) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, call: () => Promise<string | null | undefined>) => {
    setBusy(key);
    try {
      const id = await call();
      if (id) navigate(`/reader/studies/${id}`);
    } catch (error) {
      message.error(t('networkRetry', { e: String(error) }));
    } finally {
      setBusy(null);
    }
  };

  const claim = (studyId: string) =>
    run(studyId, async () => {
      const { data, error } = await api.POST('/api/v1/studies/{id}/claim', {
        params: { path: { id: studyId } },
      });
      if (!data) {
        message.error(t('claimFailed', { e: problemText(error) }));
        refresh();
      }
      return data?.id;
    });

  const claimNext = (centerId: string) =>
    run(`next:${centerId}`, async () => {
      const { data, error } = await api.POST('/api/v1/worklist/claim', { body: { centerId } });
      if (!data) message.error(t('claimNextFailed', { e: problemText(error) }));
      else if (!data.study) {
        message.info(t('centerEmpty'));
        refresh();
      }
      return data?.study?.id;
    });

  return { claim, claimNext, busy };
}
