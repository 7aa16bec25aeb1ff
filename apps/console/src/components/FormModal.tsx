import type { ReactNode } from 'react';
import { Form, type FormInstance, Modal } from 'antd';
import { ProblemAlert } from './ProblemAlert';

/**
 * A form in a dialog, as every create/edit dialog of the console has it: OK submits the form
 * (so Enter works too), the server's refusal is shown above the fields (each field's own error
 * goes under it), and the dialog's fields are dropped when it closes.
 */
export function FormModal<T>(props: {
  open: boolean;
  title: ReactNode;
  okText: string;
  saving: boolean;
  onClose: () => void;
  form: FormInstance<T>;
  onFinish: (values: T) => void;
  problem?: string;
  initialValues?: Partial<T>;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText="取消"
      confirmLoading={props.saving}
      onOk={() => props.form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={props.width ?? 600}
    >
      <ProblemAlert problem={props.problem} style={{ marginBottom: 16 }} />
      <Form<T>
        form={props.form}
        layout="vertical"
        onFinish={props.onFinish}
        initialValues={props.initialValues}
      >
        {props.children}
      </Form>
    </Modal>
  );
}
