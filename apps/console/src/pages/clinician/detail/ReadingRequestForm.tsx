import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, Radio, Select } from 'antd';
import { api, problemText } from '../../../api/client';
import type { ReadingCenter } from '../shared/directory';
import { PRIORITY } from '../shared/status';
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
          const text = found.error ? problemText(found.error) : '患者主索引中没有此身份证号的患者';
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
            errors: [e.message ?? '无效'],
          }));
        form.setFields(fieldErrors);
        return;
      }
      message.success('申请单已提交，等待诊断中心阅片');
      props.onSent(data);
    } catch (error) {
      setProblem(`网络错误，申请单未确认提交，请重试：${String(error)}`);
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
      {problem && (
        <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />
      )}
      <Form.Item
        name="centerId"
        label="阅片中心"
        rules={[{ required: true, message: '请选择阅片中心' }]}
      >
        <Select
          placeholder="选择影像或心电诊断中心"
          options={centers.map((c) => ({
            value: c.id,
            label: `${c.institutionName} · ${c.name}（${c.kind === 'ECG_CENTER' ? '心电' : '影像'}）`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="priority"
        label="优先级"
        rules={[{ required: true }]}
        extra={
          study.suggestedPriority
            ? `心电自动分析建议：${PRIORITY[study.suggestedPriority].label}`
            : undefined
        }
      >
        <Radio.Group
          optionType="button"
          options={(['STAT', 'URGENT', 'ROUTINE'] as const).map((p) => ({
            value: p,
            label: PRIORITY[p].label,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="clinicalHistory"
        label="临床病史"
        rules={[{ required: true, whitespace: true, message: '请填写临床病史' }]}
      >
        <Input.TextArea
          rows={3}
          maxLength={10000}
          showCount
          placeholder="主诉、现病史、相关既往史"
        />
      </Form.Item>
      <Form.Item
        name="question"
        label="检查目的 / 需要回答的问题"
        rules={[{ required: true, whitespace: true, message: '请填写检查目的' }]}
      >
        <Input.TextArea rows={2} maxLength={2000} showCount placeholder="例如：肺部感染？" />
      </Form.Item>
      <Form.Item
        name="residentId"
        label="患者身份证号（可选，关联患者主索引）"
        rules={[{ pattern: /^\d{17}[\dXx]$/, message: '身份证号应为 18 位' }]}
      >
        <Input autoComplete="off" maxLength={18} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={sending}>
        提交申请单
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
