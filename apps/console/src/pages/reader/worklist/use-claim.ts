import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App } from 'antd';
import { api, problemText } from '../../../api/client';

/**
 * Claiming from the worklist: a chosen study or the next of a center. A claimed study opens the
 * reading page; a refusal (another reader was quicker: 409) says why and refreshes the list.
 */
export function useClaim(refresh: () => void) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (key: string, call: () => Promise<string | null | undefined>) => {
    setBusy(key);
    try {
      const id = await call();
      if (id) navigate(`/reader/studies/${id}`);
    } catch (error) {
      message.error(`网络错误，请重试：${String(error)}`);
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
        message.error(`认领失败：${problemText(error)}`);
        refresh();
      }
      return data?.id;
    });

  const claimNext = (centerId: string) =>
    run(`next:${centerId}`, async () => {
      const { data, error } = await api.POST('/api/v1/worklist/claim', { body: { centerId } });
      if (!data) message.error(`领取失败：${problemText(error)}`);
      else if (!data.study) {
        message.info('该中心暂无待阅检查');
        refresh();
      }
      return data?.study?.id;
    });

  return { claim, claimNext, busy };
}
