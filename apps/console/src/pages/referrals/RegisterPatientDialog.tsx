import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { api, problemText } from '../../api/client';
import { showFieldErrors } from './form-problem';
import { useT } from './i18n';
import type { Patient } from './PatientPicker';

/** 登记新患者: the resident ID is the one typed in the referral form; the server validates it. */
export function RegisterPatientDialog(props: {
  open: boolean;
  residentId: string;
  onClose: () => void;
  onRegistered: (p: Patient) => void;
  /** The resident ID itself was refused: the message belongs under the referral form's field. */
  onResidentIdProblem: (error: unknown) => void;
}) {
  const [form] = Form.useForm<{ name: string; phone?: string; familyDoctorSigned: boolean }>();
  const [saving, setSaving] = useState(false);
  const t = useT();
  const [problem, setProblem] = useState<string>();

  async function register() {
    const values = await form.validateFields();
    setSaving(true);
    setProblem(undefined);
    const { data, error } = await api.POST('/api/v1/patients', {
      body: {
        residentId: props.residentId,
        name: values.name.trim(),
        phone: values.phone?.trim() || undefined,
        familyDoctorSigned: values.familyDoctorSigned,
      },
    });
    setSaving(false);
    if (data) {
      form.resetFields();
      return props.onRegistered(data);
    }
    const paths = ((error as { errors?: { path?: string }[] }).errors ?? []).map((e) => e.path);
    if (paths.includes('residentId')) return props.onResidentIdProblem(error);
    if (!showFieldErrors(form, error)) setProblem(problemText(error));
  }

  return (
    <Modal
      open={props.open}
      title={t('registerPatient')}
      okText={t('register')}
      cancelText={t('cancel')}
      confirmLoading={saving}
      onOk={() => void register()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ familyDoctorSigned: false }}>
        <Form.Item label={t('residentId')}>
          <Input value={props.residentId} disabled aria-label={t('residentIdFilled')} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, message: t('nameRequired') }]}
        >
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('phone')}
          rules={[{ pattern: /^1\d{10}$/, message: t('phoneInvalid') }]}
        >
          <Input maxLength={11} autoComplete="off" />
        </Form.Item>
        <Form.Item name="familyDoctorSigned" valuePropName="checked">
          <Checkbox>{t('familyDoctorSigned')}</Checkbox>
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
