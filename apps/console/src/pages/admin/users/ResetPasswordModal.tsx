import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { api } from '../../../api/client';
import { showProblemOnForm } from './form-problem';
import { PASSWORD_RULE } from './labels';
import type { User } from './UserFormModal';

/** Sets a new password for someone who forgot theirs (they change it themselves afterwards). */
export function ResetPasswordModal(props: {
  user?: User;
  onClose: () => void;
  onDone: (user: User) => void;
}) {
  const [form] = Form.useForm<{ newPassword: string; repeat: string }>();
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
      title={`重置密码：${props.user?.displayName ?? ''}（${props.user?.username ?? ''}）`}
      okText="重置密码"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {problem && (
        <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 16 }} />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra={PASSWORD_RULE}
          rules={[
            { required: true, message: '请填写新密码' },
            { min: 12, max: 200, message: '密码长度 12–200 位' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label="再次输入新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
