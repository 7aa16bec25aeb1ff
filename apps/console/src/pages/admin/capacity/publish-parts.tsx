import { type ReactNode, useState } from 'react';
import { Button, Form, type FormInstance, Select, Typography } from 'antd';
import { problemText } from '../../../api/client';
import { showFieldErrors } from '../../referrals/form-problem';
import type { Department } from '../../referrals/use-directory';
import { ProblemAlert } from '../../../components/ProblemAlert';

/*
 * What the bed and the schedule publish forms share: the department picked by its kind, the
 * request's busy state, and the API's refusal shown on its fields and above the button.
 */

/** Sends one publish request: its answer's data, or undefined once the refusal is shown. */
export function usePublish(form: FormInstance) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function send<D>(request: () => Promise<{ data?: D; error?: unknown }>) {
    setBusy(true);
    setProblem(undefined);
    const { data, error } = await request();
    setBusy(false);
    if (data) return data;
    showFieldErrors(form, error);
    setProblem(problemText(error));
    return undefined;
  }

  return { busy, problem, send };
}

/** The department the places are published for: only those of the kind that has them. */
export function DepartmentField(props: {
  departments: Department[];
  kind: Department['kind'];
  label: string;
  requiredMessage: string;
}) {
  return (
    <Form.Item
      name="departmentId"
      label={props.label}
      rules={[{ required: true, message: props.requiredMessage }]}
    >
      <Select
        options={props.departments
          .filter((d) => d.kind === props.kind)
          .map((d) => ({ value: d.id, label: d.name }))}
      />
    </Form.Item>
  );
}

/** The refusal, anything the form adds after a publish (`children`), the button and its note. */
export function PublishActions(props: {
  busy: boolean;
  problem?: string;
  label: string;
  note: string;
  children?: ReactNode;
}) {
  return (
    <>
      <ProblemAlert problem={props.problem} style={{ marginBottom: 12 }} />
      {props.children}
      <Button type="primary" htmlType="submit" loading={props.busy}>
        {props.label}
      </Button>
      <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
        {props.note}
      </Typography.Text>
    </>
  );
}
