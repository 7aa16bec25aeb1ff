import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { api, problemText } from '../../api/client';
import { showFieldErrors } from './form-problem';
import { useT } from './i18n';
import { type FollowUp, useLabels } from './labels';
import { ProblemAlert } from '../../components/ProblemAlert';

type Outcome = 'STABLE' | 'IMPROVED' | 'WORSENED' | 'READMITTED' | 'UNREACHABLE' | 'DECEASED';

/** 记录回访: the outcome and notes; once recorded it stays recorded (the API refuses a second). */
export function RecordFollowUpDialog(props: {
  followUp?: FollowUp;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const t = useT();
  const { FOLLOW_UP_OUTCOME } = useLabels();
  const [form] = Form.useForm<{ outcome: Outcome; notes?: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function record() {
    if (!props.followUp) return;
    const v = await form.validateFields();
    setBusy(true);
    setProblem(undefined);
    const { data, error } = await api.POST('/api/v1/follow-ups/{id}/record', {
      params: { path: { id: props.followUp.id } },
      body: { outcome: v.outcome, notes: v.notes?.trim() || undefined },
    });
    setBusy(false);
    if (data) {
      void message.success(t('followUpRecorded'));
      return props.onDone();
    }
    showFieldErrors(form, error);
    setProblem(problemText(error));
  }

  return (
    <Modal
      open={!!props.followUp}
      title={t('recordFollowUp')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void record()}
      onCancel={() => {
        setProblem(undefined);
        props.onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="outcome"
          label={t('outcome')}
          rules={[{ required: true, message: t('outcomeRequired') }]}
        >
          <Select
            options={Object.entries(FOLLOW_UP_OUTCOME).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="notes" label={t('notes')}>
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}
