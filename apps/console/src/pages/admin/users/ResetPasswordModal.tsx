import { useEffect, useState } from 'react';
import { Form, Input, Modal } from 'antd';
import { api } from '../../../api/client';
import { showProblemOnForm } from './form-problem';
import { useT } from '../i18n';
import type { User } from './UserFormModal';
import { ProblemAlert } from '../../../components/ProblemAlert';

/** Sets a new password for someone who forgot theirs (they change it themselves afterwards). */
export function ResetPasswordModal(props: {
  user?: User;
  onClose: () => void;
  onDone: (user: User) => void;
}) {
  const [form] = Form.useForm<{ newPassword: string; repeat: string }>();
  const t = useT();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setProblem(undefined);
    form.resetFields();
  }, [props.user, form]);

  const save = async ({ newPassword }: { newPassword: string }) => {
    if (!props.user) return;
    setSaving(true);
    const { data, error } = await api.POST('/api/v1/admin/users/{id}/password', {
      params: { path: { id: props.user.id } },
      body: { newPassword },
    });
    setSaving(false);
    if (data) props.onDone(data);
    else setProblem(showProblemOnForm(form, error));
  };

  return (
    <Modal
      open={props.user !== undefined}
      title={t('resetTitle', {
        name: props.user?.displayName ?? '',
        username: props.user?.username ?? '',
      })}
      okText={t('resetPassword')}
      cancelText={t('cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ProblemAlert problem={problem} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="newPassword"
          label={t('newPassword')}
          extra={t('passwordRule')}
          rules={[
            { required: true, message: t('newPasswordRequired') },
            { min: 12, max: 200, message: t('passwordLength') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('repeatPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('repeatRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
