import { useMemo, useRef } from 'react';
import { App, Form, Input, Select } from 'antd';
import { api, problemText } from '../../../api/client';
import { useLocale } from '../../../i18n/locale';
import { useT } from '../i18n';
import type { ReadingCenter } from '../shared/directory';
import { priorityLabel } from '../shared/status';
import {
  findPatientId,
  HistoryAndQuestionFields,
  PriorityField,
  RequestForm,
  requestFieldErrors,
  useRequestSending,
} from '../shared/reading-request-parts';
import type { Study } from './types';

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
  const { sending, problem, setProblem, sendWith } = useRequestSending((error) =>
    t('requestNetwork', { error: String(error) }),
  );
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

  const submit = (values: Values) =>
    sendWith(async () => {
      let patientId: string | undefined;
      if (values.residentId?.trim()) {
        patientId = await findPatientId(form, values.residentId.trim(), t('noSuchPatient'));
        if (!patientId) return;
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
        form.setFields(requestFieldErrors<Values>(error, FIELDS, t('invalid')));
        return;
      }
      message.success(t('requestSent'));
      props.onSent(data);
    });

  return (
    <RequestForm<Values>
      form={form}
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      testId="reading-request-form"
      problem={problem}
      sending={sending}
      submitLabel={t('submitRequest')}
    >
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
      <PriorityField
        label={t('priority')}
        extra={
          study.suggestedPriority
            ? t('ecgSuggests', { p: priorityLabel(study.suggestedPriority, lang) })
            : undefined
        }
      />
      <HistoryAndQuestionFields
        history={t('history')}
        historyRequired={t('historyRequired')}
        historyRows={3}
        question={t('questionLabel')}
        questionRequired={t('questionRequired')}
        placeholders={{ history: t('historyPlaceholder'), question: t('questionPlaceholder') }}
      />
      <Form.Item
        name="residentId"
        label={t('residentIdLabel')}
        rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('residentIdPattern') }]}
      >
        <Input autoComplete="off" maxLength={18} />
      </Form.Item>
    </RequestForm>
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
