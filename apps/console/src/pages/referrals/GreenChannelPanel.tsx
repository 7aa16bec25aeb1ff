import { useCallback } from 'react';
import { Alert, List, Space, Tag } from 'antd';
import { AlertFilled } from '@ant-design/icons';
import { api, problemText } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { beijing } from '../../i18n/locale';
import { useT } from './i18n';
import { type ReferralRow, TONE, useLabels } from './labels';
import { PatientName } from './PatientName';
import { usePoll } from './use-poll';

/**
 * 急诊绿色通道 at the top of the inbox. Green-channel referrals are accepted on submission, so
 * the API's inbox order (waiting first) would put them below every SUBMITTED one; this asks for
 * the received ones still under way (accepted, arrived) and shows them first, in red.
 */
export function GreenChannelPanel(props: {
  role: 'received' | 'any';
  nameOf: (id: string) => string;
}) {
  const load = useCallback(async () => {
    const ask = (status: 'ACCEPTED' | 'ARRIVED') =>
      api.GET('/api/v1/referrals', {
        params: { query: { role: props.role, status, limit: 200 } },
      });
    const [accepted, arrived] = await Promise.all([ask('ACCEPTED'), ask('ARRIVED')]);
    const failed = accepted.error ? accepted : arrived.error ? arrived : undefined;
    if (failed) return failed;
    const items = [...accepted.data!.items, ...arrived.data!.items].filter((r) => r.greenChannel);
    return { data: items, response: accepted.response };
  }, [props.role]);
  const green = useLoad<ReferralRow[]>(load, [load]);
  const t = useT();
  const { GREEN_CHANNEL, STATUS } = useLabels();
  usePoll(green.reload);

  if (green.error)
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('greenLoadFailed', { problem: problemText(green.error) })}
      />
    );
  const items = green.data ?? [];
  if (items.length === 0) return null;
  return (
    <Alert
      type="error"
      icon={<AlertFilled />}
      showIcon
      role="alert"
      data-testid="green-channel-panel"
      style={{ marginBottom: 16, border: '2px solid #cf1322' }}
      title={t('greenIncoming', { n: items.length })}
      description={
        <List
          size="small"
          dataSource={items}
          renderItem={(r) => (
            <List.Item>
              <Space wrap>
                <Tag color={TONE.red}>{GREEN_CHANNEL[r.greenChannel!] ?? r.greenChannel}</Tag>
                <PatientName id={r.patientId} />
                <span>{t('from', { name: props.nameOf(r.fromInstitutionId) })}</span>
                <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>
                <span>{beijing(r.createdAt)}</span>
              </Space>
            </List.Item>
          )}
        />
      }
    />
  );
}
