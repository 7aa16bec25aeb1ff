import { useMemo, useRef, useState } from 'react';
import { App, Button, Form, Input, Radio, Select } from 'antd';
import { api, problemText } from '../../../api/client';
import { useLocale } from '../../../i18n/locale';
import { useT } from '../i18n';
import type { ReadingCenter } from '../shared/directory';
import { priorityLabel } from '../shared/status';
import type { Study } from './types';
import { ProblemAlert } from '../../../components/ProblemAlert';

interface Values {
  centerId: string;
  priority: 'STAT' | 'URGENT' | 'ROUTINE';
  clinicalHistory: string;
  question: string;
  residentId?: string;
}

const FIELDS = new Set(['centerId', 'priority', 'clinicalHistory', 'question', 'patientId']);

/**
 * 申请单: which reading center, how urgent, the history and the question. A resident ID, when
 * given, links the patient of the patient index (the report then names them as registered).
 * One Idempotency-Key per form, so a double click or a retry after a lost answer sends it once.
 */
export function ReadingRequestForm(props: {
  study: Study;
  centers: ReadingCenter[];
  onSent: (study: Study) => void;
}) {
  const { study, centers } = props;
  const { message } = App.useApp();
  const t = useT();
  const { lang } = useLocale();
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const key = useRef(newKey());
  const initial = useMemo<Partial<Values>>(() => {
    const wanted = study.modality === 'ECG' ? 'ECG_CENTER' : 'IMAGING_CENTER';
    return {
      centerId: centers.find((c) => c.kind === wanted)?.id,
      priority: study.suggestedPriority ?? 'ROUTINE',
      clinicalHistory: study.clinicalHistory ?? undefined,
      question: study.question ?? undefined,
    };
  }, [study, centers]);

  async function submit(values: Values) {
    setSending(true);
    setProblem(undefined);
    try {
      let patientId: string | undefined;
      if (values.residentId?.trim()) {
        const found = await api.POST('/api/v1/patients/search', {
          body: { residentId: values.residentId.trim() },
        });
        if (found.error || !found.data?.length) {
          const text = found.error ? problemText(found.error) : t('noSuchPatient');
          form.setFields([{ name: 'residentId', errors: [text] }]);
          return;
        }
        patientId = found.data[0].id;
      }
      const { data, error } = await api.POST('/api/v1/studies/{id}/reading-request', {
        params: { path: { id: study.id }, header: { 'Idempotency-Key': key.current } },
        body: {
          centerId: values.centerId,
          priority: values.priority,
          clinicalHistory: values.clinicalHistory.trim(),
          question: values.question.trim(),
          patientId,
        },
      });
      if (error) {
        key.current = newKey(); // a definite answer: the corrected form is a new request
        setProblem(problemText(error));
        const fieldErrors = (
          (error as { errors?: { path?: string; message?: string }[] }).errors ?? []
        )
          .filter((e) => e.path && FIELDS.has(e.path.split('.')[0]))
          .map((e) => ({
            name: (e.path!.startsWith('patientId')
              ? 'residentId'
              : e.path!.split('.')[0]) as keyof Values,
            errors: [e.message ?? t('invalid')],
          }));
        form.setFields(fieldErrors);
        return;
      }
      message.success(t('requestSent'));
      props.onSent(data);
    } catch (error) {
      setProblem(t('requestNetwork', { error: String(error) }));
    } finally {
      setSending(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      style={{ maxWidth: 720 }}
      data-testid="reading-request-form"
    >
      <ProblemAlert problem={problem} style={{ marginBottom: 12 }} />
      <Form.Item
        name="centerId"
        label={t('center')}
        rules={[{ required: true, message: t('chooseCenter') }]}
      >
        <Select
          placeholder={t('centerPlaceholder')}
          options={centers.map((c) => ({
            value: c.id,
            label: `${c.institutionName} · ${c.name}${lang === 'zh' ? '（' : ' ('}${c.kind === 'ECG_CENTER' ? t('kindEcg') : t('kindImaging')}${lang === 'zh' ? '）' : ')'}`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="priority"
        label={t('priority')}
        rules={[{ required: true }]}
        extra={
          study.suggestedPriority
            ? t('ecgSuggests', { p: priorityLabel(study.suggestedPriority, lang) })
            : undefined
        }
      >
        <Radio.Group
          optionType="button"
          options={(['STAT', 'URGENT', 'ROUTINE'] as const).map((p) => ({
            value: p,
            label: priorityLabel(p, lang),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="clinicalHistory"
        label={t('history')}
        rules={[{ required: true, whitespace: true, message: t('historyRequired') }]}
      >
        <Input.TextArea
          rows={3}
          maxLength={10000}
          showCount
          placeholder={t('historyPlaceholder')}
        />
      </Form.Item>
      <Form.Item
        name="question"
        label={t('questionLabel')}
        rules={[{ required: true, whitespace: true, message: t('questionRequired') }]}
      >
        <Input.TextArea
          rows={2}
          maxLength={2000}
          showCount
          placeholder={t('questionPlaceholder')}
        />
      </Form.Item>
      <Form.Item
        name="residentId"
        label={t('residentIdLabel')}
        rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('residentIdPattern') }]}
      >
        <Input autoComplete="off" maxLength={18} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={sending}>
        {t('submitRequest')}
      </Button>
    </Form>
  );
}

/** A random UUID; crypto.randomUUID exists only on HTTPS pages, a county LAN may be plain HTTP. */
function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
