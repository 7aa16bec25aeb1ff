import { type ReactNode, useState } from 'react';
import { Button, Form, type FormInstance, Input, Radio } from 'antd';
import { api, problemText } from '../../../api/client';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useLocale } from '../../../i18n/locale';
import { priorityLabel } from './status';

/*
 * What the reading request (申请单) of an uploaded study and the exam order share: the form's
 * frame and sending state, the patient looked up by resident ID, the API's field errors under
 * their fields, the priority choice, and the history and question boxes.
 */

/** Sending state and the problem shown above the fields; `sendWith` runs one submission. */
export function useRequestSending(networkProblem: (error: unknown) => string) {
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function sendWith(send: () => Promise<void>) {
    setSending(true);
    setProblem(undefined);
    try {
      await send();
    } catch (error) {
      setProblem(networkProblem(error));
    } finally {
      setSending(false);
    }
  }

  return { sending, problem, setProblem, sendWith };
}

/** The form: at most 720 px wide, the problem above the fields, the submit button below. */
export function RequestForm<V>(props: {
  form: FormInstance<V>;
  initialValues: Partial<V>;
  onFinish: (values: V) => void;
  testId: string;
  problem?: string;
  sending: boolean;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <Form<V>
      form={props.form}
      layout="vertical"
      initialValues={props.initialValues}
      onFinish={props.onFinish}
      style={{ maxWidth: 720 }}
      data-testid={props.testId}
    >
      <ProblemAlert problem={props.problem} style={{ marginBottom: 12 }} />
      {props.children}
      <Button type="primary" htmlType="submit" loading={props.sending}>
        {props.submitLabel}
      </Button>
    </Form>
  );
}

/**
 * The patient-index id of the person with this resident ID, or undefined once the resident ID
 * field shows why not (`notFound` when no one has it).
 */
export async function findPatientId(
  form: FormInstance,
  residentId: string,
  notFound: string,
): Promise<string | undefined> {
  const found = await api.POST('/api/v1/patients/search', { body: { residentId } });
  if (found.error || !found.data?.length) {
    const text = found.error ? problemText(found.error) : notFound;
    form.setFields([{ name: 'residentId', errors: [text] }]);
    return undefined;
  }
  return found.data[0].id;
}

/**
 * The problem's field errors for the form's `fields`, each under its field (patientId under the
 * resident ID it was found by); `fallback` when the API gives no message.
 */
export function requestFieldErrors<V>(error: unknown, fields: Set<string>, fallback: string) {
  return ((error as { errors?: { path?: string; message?: string }[] }).errors ?? [])
    .filter((e) => e.path && fields.has(e.path.split('.')[0]))
    .map((e) => ({
      name: (e.path!.startsWith('patientId') ? 'residentId' : e.path!.split('.')[0]) as keyof V,
      errors: [e.message ?? fallback],
    }));
}

/** 优先级: STAT, URGENT or ROUTINE as buttons. */
export function PriorityField(props: { label: string; extra?: ReactNode }) {
  const { lang } = useLocale();
  return (
    <Form.Item name="priority" label={props.label} rules={[{ required: true }]} extra={props.extra}>
      <Radio.Group
        optionType="button"
        options={(['STAT', 'URGENT', 'ROUTINE'] as const).map((p) => ({
          value: p,
          label: priorityLabel(p, lang),
        }))}
      />
    </Form.Item>
  );
}

/** One required text box that may not be left blank. */
function RequiredText(props: {
  name: string;
  label: string;
  requiredMessage: string;
  rows: number;
  maxLength: number;
  showCount?: boolean;
  placeholder?: string;
}) {
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      rules={[{ required: true, whitespace: true, message: props.requiredMessage }]}
    >
      <Input.TextArea
        rows={props.rows}
        maxLength={props.maxLength}
        showCount={props.showCount}
        placeholder={props.placeholder}
      />
    </Form.Item>
  );
}

/**
 * 病史 (clinicalHistory, up to 10,000 characters) and the question for the reader (up to 2,000).
 * With `placeholders`, both count characters and show what to write.
 */
export function HistoryAndQuestionFields(props: {
  history: string;
  historyRequired: string;
  historyRows: number;
  question: string;
  questionRequired: string;
  placeholders?: { history: string; question: string };
}) {
  const { placeholders } = props;
  return (
    <>
      <RequiredText
        name="clinicalHistory"
        label={props.history}
        requiredMessage={props.historyRequired}
        rows={props.historyRows}
        maxLength={10000}
        showCount={!!placeholders}
        placeholder={placeholders?.history}
      />
      <RequiredText
        name="question"
        label={props.question}
        requiredMessage={props.questionRequired}
        rows={2}
        maxLength={2000}
        showCount={!!placeholders}
        placeholder={placeholders?.question}
      />
    </>
  );
}
