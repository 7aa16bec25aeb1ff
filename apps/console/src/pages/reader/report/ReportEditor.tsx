import { useRef, useState } from 'react';
import { App, Button, Form, Input, Select, Space } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { fillTemplate, insertAt, templateName, TEMPLATES, templatesFor } from './templates';
import { useLocale } from '../../../i18n/locale';
import { useT } from '../i18n';

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
  const tr = useT();
  const { lang } = useLocale();
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
      title: tr('replaceQ'),
      content: tr('replaceHint'),
      okText: tr('replaceOk'),
      cancelText: tr('cancel'),
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
      <Form.Item label={tr('template')} htmlFor="report-template">
        <Space.Compact style={{ width: '100%' }}>
          <Select
            id="report-template"
            data-testid="template-select"
            placeholder={tr('pickTemplate')}
            value={templateId}
            onChange={setTemplateId}
            disabled={props.disabled}
            style={{ flex: 1, minWidth: 0 }}
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              {
                label: tr('modalityTemplates', { m: props.modality ?? '' }),
                options: mine.map((t) => ({ value: t.id, label: templateName(t, lang) })),
              },
              {
                label: tr('otherModalities'),
                options: others.map((t) => ({ value: t.id, label: templateName(t, lang) })),
              },
            ].filter((g) => g.options.length > 0)}
          />
          <Button disabled={!template || props.disabled} onClick={() => apply('insert')}>
            {tr('insertAtCaret')}
          </Button>
          <Button disabled={!template || props.disabled} onClick={replace}>
            {tr('replaceAll')}
          </Button>
        </Space.Compact>
      </Form.Item>
      {field('findings', tr('findings'), 6, 20000)}
      {field('impression', tr('impression'), 3, 5000)}
    </Form>
  );
}
