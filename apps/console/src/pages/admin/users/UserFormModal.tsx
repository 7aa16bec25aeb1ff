import { useEffect, useState } from 'react';
import { Checkbox, Form, Input, Select } from 'antd';
import { api, type Answer } from '../../../api/client';
import { showProblemOnForm } from './form-problem';
import { PASSWORD_RULE, READER_ROLES, ROLE_LABELS, ROLES } from './labels';
import type { Directory } from './use-directory';
import { FormModal } from '../../../components/FormModal';

export type User = Answer<'/api/v1/admin/users', 'get'>['items'][number];

interface Values {
  username: string;
  displayName: string;
  institutionId: string;
  roles: User['roles'];
  centerIds?: string[];
  password?: string;
}

/** Creates a user (with an initial password) or edits one's name, institution, roles, centers. */
export function UserFormModal(props: {
  open: boolean;
  user?: User;
  directory: Directory;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const roles = Form.useWatch('roles', form) ?? [];
  const reads = roles.some((r) => READER_ROLES.includes(r));
  const editing = props.user !== undefined;

  useEffect(() => {
    if (!props.open) return;
    setProblem(undefined);
    form.resetFields();
    if (props.user) form.setFieldsValue(props.user);
  }, [props.open, props.user, form]);

  const save = async (values: Values) => {
    setSaving(true);
    setProblem(undefined);
    // Centers replace the membership; someone who no longer reads keeps none.
    const centerIds = reads ? (values.centerIds ?? []) : [];
    const answer = props.user
      ? await api.PATCH('/api/v1/admin/users/{id}', {
          params: { path: { id: props.user.id } },
          body: {
            displayName: values.displayName,
            institutionId: values.institutionId,
            roles: values.roles,
            centerIds,
          },
        })
      : await api.POST('/api/v1/admin/users', {
          body: {
            username: values.username,
            displayName: values.displayName,
            institutionId: values.institutionId,
            roles: values.roles,
            centerIds,
            password: values.password ?? '',
          },
        });
    setSaving(false);
    if (answer.data) props.onSaved(answer.data);
    else setProblem(showProblemOnForm(form, answer.error));
  };

  return (
    <FormModal
      open={props.open}
      title={editing ? `编辑用户 ${props.user?.username}` : '新建用户'}
      okText={editing ? '保存' : '创建'}
      saving={saving}
      onClose={props.onClose}
      form={form}
      onFinish={(v) => void save(v)}
      problem={problem}
      initialValues={{ roles: [] }}
      width={600}
    >
      <Form.Item
        name="username"
        label="用户名"
        extra="小写字母、数字及 . _ -，3–64 位；创建后不能修改"
        rules={[
          { required: true, message: '请填写用户名' },
          { pattern: /^[a-z0-9_.-]{3,64}$/, message: '只能是小写字母、数字及 . _ -，3–64 位' },
        ]}
      >
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label="姓名（显示名）"
        rules={[{ required: true, max: 100, message: '请填写姓名（最多 100 字）' }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="institutionId"
        label="所属机构"
        rules={[{ required: true, message: '请选择机构' }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={props.directory.institutionOptions}
          placeholder="输入机构名称搜索"
        />
      </Form.Item>
      <Form.Item
        name="roles"
        label="角色"
        rules={[{ required: true, message: '至少选择一个角色' }]}
      >
        <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      </Form.Item>
      {reads && (
        <Form.Item name="centerIds" label="阅片中心（诊断医师读片的中心）">
          <Select
            mode="multiple"
            options={props.directory.centerOptions}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择一个或多个影像/心电诊断中心"
          />
        </Form.Item>
      )}
      {!editing && (
        <Form.Item
          name="password"
          label="初始密码"
          extra={`${PASSWORD_RULE}。请当面或电话告知本人，并提醒其首次登录后修改。`}
          rules={[
            { required: true, message: '请设置初始密码' },
            { min: 12, max: 200, message: '密码长度 12–200 位' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
