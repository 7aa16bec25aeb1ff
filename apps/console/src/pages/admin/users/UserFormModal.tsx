import { Checkbox, Form, Input, Select } from 'antd';
import { api, type Answer } from '../../../api/client';
import { READER_ROLES, ROLES, userLabels } from './labels';
import { useLang, useT } from '../i18n';
import type { Directory } from './use-directory';
import { useEditDialog } from './use-edit-dialog';
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

const userValues = (user: User): Partial<Values> => user;

/** Creates a user (with an initial password) or edits one's name, institution, roles, centers. */
export function UserFormModal(props: {
  open: boolean;
  user?: User;
  directory: Directory;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const [form] = Form.useForm<Values>();
  const t = useT();
  const { ROLE_LABELS } = userLabels(useLang());
  const { save, modalProps } = useEditDialog(form, props, props.user, userValues);
  const roles = Form.useWatch('roles', form) ?? [];
  const reads = roles.some((r) => READER_ROLES.includes(r));
  const editing = props.user !== undefined;

  const send = (values: Values) => {
    // Centers replace the membership; someone who no longer reads keeps none.
    const centerIds = reads ? (values.centerIds ?? []) : [];
    return save(
      () =>
        props.user
          ? api.PATCH('/api/v1/admin/users/{id}', {
              params: { path: { id: props.user.id } },
              body: {
                displayName: values.displayName,
                institutionId: values.institutionId,
                roles: values.roles,
                centerIds,
              },
            })
          : api.POST('/api/v1/admin/users', {
              body: {
                username: values.username,
                displayName: values.displayName,
                institutionId: values.institutionId,
                roles: values.roles,
                centerIds,
                password: values.password ?? '',
              },
            }),
      props.onSaved,
    );
  };

  return (
    <FormModal
      {...modalProps}
      title={editing ? t('editUser', { name: props.user?.username ?? '' }) : t('newUser')}
      okText={editing ? t('save') : t('create')}
      onFinish={(v) => void send(v)}
      initialValues={{ roles: [] }}
      width={600}
    >
      <Form.Item
        name="username"
        label={t('username')}
        extra={t('usernameExtra')}
        rules={[
          { required: true, message: t('usernameRequired') },
          { pattern: /^[a-z0-9_.-]{3,64}$/, message: t('usernamePattern') },
        ]}
      >
        <Input disabled={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('displayName')}
        rules={[{ required: true, max: 100, message: t('displayNameRequired') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="institutionId"
        label={t('ownInstitution')}
        rules={[{ required: true, message: t('institutionRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={props.directory.institutionOptions}
          placeholder={t('institutionSearch')}
        />
      </Form.Item>
      <Form.Item
        name="roles"
        label={t('roles')}
        rules={[{ required: true, message: t('roleRequired') }]}
      >
        <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      </Form.Item>
      {reads && (
        <Form.Item name="centerIds" label={t('centersLabel')}>
          <Select
            mode="multiple"
            options={props.directory.centerOptions}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('centersPlaceholder')}
          />
        </Form.Item>
      )}
      {!editing && (
        <Form.Item
          name="password"
          label={t('initialPassword')}
          extra={t('initialPasswordExtra', { rule: t('passwordRule') })}
          rules={[
            { required: true, message: t('initialPasswordRequired') },
            { min: 12, max: 200, message: t('passwordLength') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
