import { type ReactNode, useState } from 'react';
import { App, Button, Col, Form, Select, Typography } from 'antd';
import { problemText } from '../../../api/client';
import { showFieldErrors } from '../../referrals/form-problem';
import type { Department } from '../../referrals/use-directory';
import { ProblemAlert } from '../../../components/ProblemAlert';

/*
 * What the bed and the schedule publish forms share: their props, the department picked by its
 * kind, the request's busy state and success message, and the API's refusal shown on its fields
 * and above the button.
 */

/** What the capacity page gives a publish form. */
export interface PublishFormProps {
  departments: Department[];
  minShare?: number;
  onPublished: () => void;
}

/** The form, and how it sends one publish request. */
export function usePublish<V>(onPublished: () => void) {
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  /**
   * On success: says `success(data)`, tells the page, and returns the data; on refusal: shows it
   * and returns undefined.
   */
  async function send<D>(
    request: () => Promise<{ data?: D; error?: unknown }>,
    success: (data: D) => string,
  ) {
    setBusy(true);
    setProblem(undefined);
    const { data, error } = await request();
    setBusy(false);
    if (data) {
      void message.success(success(data));
      onPublished();
      return data;
    }
    showFieldErrors(form, error);
    setProblem(problemText(error));
    return undefined;
  }

  return { form, busy, problem, send };
}

/** The column of the department the places are published for: only those of the kind. */
export function DepartmentColumn(props: {
  md: number;
  departments: Department[];
  kind: Department['kind'];
  label: string;
  requiredMessage: string;
}) {
  return (
    <Col xs={24} md={props.md}>
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
    </Col>
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
