import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { api, problemText } from '../../api/client';
import { showFieldErrors } from './form-problem';
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
      title="登记新患者"
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void register()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ familyDoctorSigned: false }}>
        <Form.Item label="居民身份证号">
          <Input value={props.residentId} disabled aria-label="居民身份证号（已填写）" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号"
          rules={[{ pattern: /^1\d{10}$/, message: '手机号为 1 开头的 11 位数字' }]}
        >
          <Input maxLength={11} autoComplete="off" />
        </Form.Item>
        <Form.Item name="familyDoctorSigned" valuePropName="checked">
          <Checkbox>家庭医生签约居民（转诊号源优先）</Checkbox>
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
