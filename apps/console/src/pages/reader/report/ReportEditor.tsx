import { useRef, useState } from 'react';
import { App, Button, Form, Input, Select, Space } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { fillTemplate, insertAt, TEMPLATES, templatesFor } from './templates';

export interface ReportText {
  findings: string;
  impression: string;
}
type Field = keyof ReportText;
type Selection = { start: number; end: number } | null;

/**
 * 检查所见 and 诊断意见 with the modality's templates, inserted where the caret is (each part
 * into its own box) or replacing what is written.
 */
export function ReportEditor(props: {
  value: ReportText;
  onChange: (next: ReportText) => void;
  modality: string | null;
  measured: { heartRateBpm?: number | null; meanRrMs?: number | null };
  errors: Partial<Record<Field, string>>;
  disabled?: boolean;
}) {
  const { modal } = App.useApp();
  const [templateId, setTemplateId] = useState<string>();
  const selection = useRef<Record<Field, Selection>>({ findings: null, impression: null });
  const boxes = { findings: useRef<TextAreaRef>(null), impression: useRef<TextAreaRef>(null) };
  const { mine, others } = templatesFor(props.modality);
  const template = TEMPLATES.find((t) => t.id === templateId);

  const remember = (field: Field) => (e: { currentTarget: HTMLTextAreaElement }) => {
    selection.current[field] = {
      start: e.currentTarget.selectionStart,
      end: e.currentTarget.selectionEnd,
    };
  };

  const apply = (mode: 'insert' | 'replace') => {
    if (!template) return;
    const text = {
      findings: fillTemplate(template.findings, props.measured),
      impression: fillTemplate(template.impression, props.measured),
    };
    if (mode === 'replace') return props.onChange(text);
    const f = insertAt(props.value.findings, text.findings, selection.current.findings);
    const i = insertAt(props.value.impression, text.impression, selection.current.impression);
    props.onChange({ findings: f.text, impression: i.text });
    selection.current = {
      findings: { start: f.caret, end: f.caret },
      impression: { start: i.caret, end: i.caret },
    };
    // Back to the findings, caret after what was inserted, to go on typing.
    requestAnimationFrame(() => {
      const box = boxes.findings.current?.resizableTextArea?.textArea;
      box?.focus();
      box?.setSelectionRange(f.caret, f.caret);
    });
  };

  const replace = () => {
    if (!props.value.findings.trim() && !props.value.impression.trim()) return apply('replace');
    modal.confirm({
      title: '替换报告内容？',
      content: '已填写的检查所见和诊断意见将被模板替换。',
      okText: '替换',
      cancelText: '取消',
      onOk: () => apply('replace'),
    });
  };

  const field = (name: Field, label: string, rows: number, max: number) => (
    <Form.Item
      label={label}
      htmlFor={`report-${name}`}
      required
      validateStatus={props.errors[name] ? 'error' : undefined}
      help={props.errors[name]}
    >
      <Input.TextArea
        id={`report-${name}`}
        ref={boxes[name]}
        value={props.value[name]}
        disabled={props.disabled}
        maxLength={max}
        showCount
        autoSize={{ minRows: rows, maxRows: rows * 3 }}
        onChange={(e) => {
          props.onChange({ ...props.value, [name]: e.target.value });
          remember(name)(e);
        }}
        onSelect={remember(name)}
        onKeyUp={remember(name)}
        onMouseUp={remember(name)}
      />
    </Form.Item>
  );

  return (
    <Form layout="vertical" component="div">
      <Form.Item label="报告模板" htmlFor="report-template">
        <Space.Compact style={{ width: '100%' }}>
          <Select
            id="report-template"
            data-testid="template-select"
            placeholder="选择模板"
            value={templateId}
            onChange={setTemplateId}
            disabled={props.disabled}
            style={{ flex: 1, minWidth: 0 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              {
                label: `${props.modality ?? ''} 模板`,
                options: mine.map((t) => ({ value: t.id, label: t.name })),
              },
              {
                label: '其他检查类型',
                options: others.map((t) => ({ value: t.id, label: t.name })),
              },
            ].filter((g) => g.options.length > 0)}
          />
          <Button disabled={!template || props.disabled} onClick={() => apply('insert')}>
            插入到光标处
          </Button>
          <Button disabled={!template || props.disabled} onClick={replace}>
            替换全部
          </Button>
        </Space.Compact>
      </Form.Item>
      {field('findings', '检查所见', 6, 20000)}
      {field('impression', '诊断意见', 3, 5000)}
    </Form>
  );
}
