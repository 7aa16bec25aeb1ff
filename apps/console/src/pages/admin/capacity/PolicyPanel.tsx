import { useState } from 'react';
import { App, Button, Descriptions, Form, InputNumber, Space } from 'antd';
import { type Answer, api, problemText } from '../../../api/client';
import { Panel } from '../../../components/Panel';
import { showFieldErrors } from '../../referrals/form-problem';
import { useT } from './i18n';
import { ProblemAlert } from '../../../components/ProblemAlert';

type Policy = Answer<'/api/v1/referral-policy', 'get'>;
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/**
 * 预留政策: the quota (seed 004: ≥ 1/3 of slots, ≥ 1/4 of beds), the release lead time and the
 * hold time. A community administrator may change them; coordinators read them.
 */
export function PolicyPanel(props: {
  policy?: Policy;
  error?: unknown;
  loading: boolean;
  canEdit: boolean;
  onSaved: () => void;
  onRetry: () => void;
}) {
  const { message } = App.useApp();
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [form] = Form.useForm<{
    slotPct: number;
    bedPct: number;
    releaseHours: number;
    holdMinutes: number;
  }>();
  const p = props.policy;

  async function save() {
    const v = await form.validateFields();
    setProblem(undefined);
    const { data, error } = await api.PATCH('/api/v1/referral-policy', {
      body: {
        minReferralSlotShare: v.slotPct / 100,
        minReferralBedShare: v.bedPct / 100,
        releaseLeadMinutes: Math.round(v.releaseHours * 60),
        holdMinutes: v.holdMinutes,
      },
    });
    if (error) {
      showFieldErrors(form, error);
      return setProblem(problemText(error));
    }
    void message.success(t('policyUpdated', { pct: pct(data.minReferralSlotShare) }));
    setEditing(false);
    props.onSaved();
  }

  return (
    <Panel
      title={t('policyTitle')}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      extra={
        props.canEdit && p && !editing ? (
          <Button
            onClick={() => {
              form.setFieldsValue({
                slotPct: Math.round(p.minReferralSlotShare * 1000) / 10,
                bedPct: Math.round(p.minReferralBedShare * 1000) / 10,
                releaseHours: p.releaseLeadMinutes / 60,
                holdMinutes: p.holdMinutes,
              });
              setEditing(true);
            }}
          >
            {t('change')}
          </Button>
        ) : undefined
      }
    >
      {p && !editing && (
        <Descriptions
          size="small"
          column={{ xs: 1, md: 4 }}
          items={[
            { key: 's', label: t('slotReserve'), children: `≥ ${pct(p.minReferralSlotShare)}` },
            { key: 'b', label: t('bedReserve'), children: `≥ ${pct(p.minReferralBedShare)}` },
            {
              key: 'r',
              label: t('earlyRelease'),
              children: t('hours', { n: p.releaseLeadMinutes / 60 }),
            },
            {
              key: 'h',
              label: t('holdTime'),
              children: `${t('minutes', { n: p.holdMinutes })}${p.holdUntilResponseDue ? t('untilDue') : ''}`,
            },
          ]}
        />
      )}
      {editing && (
        <Form form={form} layout="inline" onFinish={() => void save()}>
          <Form.Item name="slotPct" label={t('slotPct')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} step={0.1} />
          </Form.Item>
          <Form.Item name="bedPct" label={t('bedPct')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} step={0.1} />
          </Form.Item>
          <Form.Item name="releaseHours" label={t('releaseHours')} rules={[{ required: true }]}>
            <InputNumber min={0} max={720} />
          </Form.Item>
          <Form.Item name="holdMinutes" label={t('holdMinutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}
      <ProblemAlert problem={problem} style={{ marginTop: 12 }} />
    </Panel>
  );
}
