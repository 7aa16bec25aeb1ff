import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { problemText } from '../../api/client';
import { ACTIONS, type ActionInput, type ActionName, runAction } from './actions';
import { showFieldErrors } from './form-problem';
import { useT } from './i18n';
import { useLocale } from '../../i18n/locale';
import { type ReferralRow, useLabels } from './labels';
import type { Institution } from './use-directory';
import { ProblemAlert } from '../../components/ProblemAlert';

/**
 * The dialog of one action: asks what the action needs (a reason, the completion summary for
 * the sender, or the institution to redirect to), calls it, and shows the API's refusal as is.
 */
export function ActionDialog(props: {
  action?: ActionName;
  referral: ReferralRow;
  institutions: Institution[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { action, referral } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionInput>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const t = useT();
  const { lang } = useLocale();
  const { STATUS } = useLabels();
  const spec = action ? ACTIONS[action] : undefined;
  const label = spec ? (lang === 'zh' ? spec.label : spec.labelEn) : '';

  // A redirect keeps the direction's level rule: above the sender for up, below it for down.
  const sender = props.institutions.find((i) => i.id === referral.fromInstitutionId);
  const targets = props.institutions.filter(
    (i) =>
      i.id !== referral.fromInstitutionId &&
      i.id !== referral.toInstitutionId &&
      sender &&
      (referral.direction === 'UP' ? i.level > sender.level : i.level < sender.level),
  );

  async function confirm() {
    if (!action) return;
    const values = await form.validateFields();
    setBusy(true);
    setProblem(undefined);
    const { data, error } = await runAction(action, referral.id, values);
    setBusy(false);
    if (data) {
      void message.success(t('actionDone', { action: label, status: STATUS[data.status].label }));
      form.resetFields();
      props.onDone();
      return;
    }
    showFieldErrors(form, error);
    setProblem(problemText(error));
  }

  return (
    <Modal
      open={!!action}
      title={spec ? t('actionTitle', { action: label }) : ''}
      okText={spec ? t('confirmAction', { action: label }) : t('confirm')}
      okButtonProps={{ danger: spec?.danger }}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void confirm()}
      onCancel={() => {
        setProblem(undefined);
        props.onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {spec?.ask === 'redirect' && (
          <Form.Item
            name="toInstitutionId"
            label={t('redirectTo')}
            rules={[{ required: true, message: t('redirectRequired') }]}
            extra={targets.length === 0 ? t('noRedirectTargets') : undefined}
          >
            <Select options={targets.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
        )}
        {spec?.ask === 'summary' ? (
          <Form.Item
            name="summary"
            label={t('summary')}
            rules={[{ required: true, whitespace: true, message: t('summaryRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
        ) : (
          spec && (
            <Form.Item
              name="reason"
              label={spec.ask === 'optionalReason' ? t('noteOptional') : t('reason')}
              rules={[
                {
                  required: spec.ask !== 'optionalReason',
                  whitespace: true,
                  message: t('reasonRequired'),
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )
        )}
        <ProblemAlert problem={problem} />
      </Form>
    </Modal>
  );
}
