import { useState } from 'react';
import { Button, Form, Input, Modal, Space } from 'antd';
import { useT } from '../i18n';
import { ProblemAlert } from '../../../components/ProblemAlert';

/**
 * A dialog asking for one required text (a reason, a description), with common phrases to
 * start from. `onSubmit` answers the error sentence to show, or nothing when done. Render it
 * only while open, so each opening starts from `initial`.
 */
export function ReasonDialog(props: {
  title: string;
  label: string;
  okText: string;
  danger?: boolean;
  suggestions: string[];
  initial?: string;
  maxLength: number;
  onSubmit: (text: string) => Promise<string | undefined>;
  onClose: () => void;
}) {
  const t = useT();
  const [text, setText] = useState(props.initial ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [touched, setTouched] = useState(false);
  const empty = text.trim().length === 0;

  const submit = async () => {
    setTouched(true);
    if (empty) return;
    setBusy(true);
    setError(undefined);
    const problem = await props
      .onSubmit(text.trim())
      .catch((e: unknown) => t('networkErrorColon', { e: String(e) }));
    setBusy(false);
    if (problem) setError(problem);
    else {
      setText('');
      setTouched(false);
      props.onClose();
    }
  };

  return (
    <Modal
      open
      title={props.title}
      onCancel={props.onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={props.onClose}>
          {t('cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={props.danger}
          loading={busy}
          onClick={() => void submit()}
        >
          {props.okText}
        </Button>,
      ]}
    >
      <Form layout="vertical" component="div">
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('common')}</span>
          {props.suggestions.map((s) => (
            <Button key={s} size="small" onClick={() => setText(s)}>
              {s}
            </Button>
          ))}
        </Space>
        <Form.Item
          label={props.label}
          htmlFor="reason-text"
          required
          validateStatus={touched && empty ? 'error' : undefined}
          help={touched && empty ? t('pleaseFill', { label: props.label }) : undefined}
        >
          <Input.TextArea
            id="reason-text"
            value={text}
            maxLength={props.maxLength}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
      </Form>
      <ProblemAlert problem={error} />
    </Modal>
  );
}
