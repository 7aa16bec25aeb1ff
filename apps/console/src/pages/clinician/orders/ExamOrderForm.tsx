import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, problemText } from '../../../api/client';
import { useLocale } from '../../../i18n/locale';
import type { ReadingCenter } from '../shared/directory';
import { priorityLabel } from '../shared/status';
import { useOrderT } from './i18n';
import { ProblemAlert } from '../../../components/ProblemAlert';

const MODALITIES = ['CT', 'DX', 'CR', 'MR', 'US', 'ECG'];

interface Values {
  residentId: string;
  modality: string;
  requestedProcedure: string;
  scheduledAt: Dayjs;
  scheduledStationAeTitle?: string;
  centerId: string;
  priority: 'STAT' | 'URGENT' | 'ROUTINE';
  clinicalHistory: string;
  question: string;
}

/** The problem's field errors under their fields (patientId is the resident ID's). */
function fieldErrors(error: unknown, fields: Set<string>) {
  return ((error as { errors?: { path?: string; message?: string }[] }).errors ?? [])
    .filter((e) => e.path && fields.has(e.path.split('.')[0]))
    .map((e) => ({
      name: (e.path!.startsWith('patientId')
        ? 'residentId'
        : e.path!.split('.')[0]) as keyof Values,
      errors: [e.message ?? ''],
    }));
}

/** 检查预约: an exam ordered ahead, for the modality worklist (issue 15). */
export function ExamOrderForm(props: { centers: ReadingCenter[]; onCreated: () => void }) {
  const { message } = App.useApp();
  const t = useOrderT();
  const { lang } = useLocale();
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(values: Values) {
    setSending(true);
    setProblem(undefined);
    try {
      const found = await api.POST('/api/v1/patients/search', {
        body: { residentId: values.residentId.trim() },
      });
      if (found.error || !found.data?.length) {
        const text = found.error ? problemText(found.error) : t('noSuchPatient');
        form.setFields([{ name: 'residentId', errors: [text] }]);
        return;
      }
      const { data, error } = await api.POST('/api/v1/exam-orders', {
        body: {
          patientId: found.data[0].id,
          modality: values.modality,
          requestedProcedure: values.requestedProcedure.trim(),
          scheduledAt: values.scheduledAt.format(),
          scheduledStationAeTitle: values.scheduledStationAeTitle?.trim() || undefined,
          centerId: values.centerId,
          priority: values.priority,
          clinicalHistory: values.clinicalHistory.trim(),
          question: values.question.trim(),
        },
      });
      if (error) {
        setProblem(problemText(error));
        form.setFields(fieldErrors(error, new Set(Object.keys(form.getFieldsValue(true)))));
        return;
      }
      void message.success(t('created', { acc: data.accessionNumber }));
      form.resetFields(['residentId', 'requestedProcedure', 'clinicalHistory', 'question']);
      props.onCreated();
    } catch (error) {
      setProblem(String(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{
        modality: 'CT',
        priority: 'ROUTINE',
        centerId: props.centers.find((c) => c.kind === 'IMAGING_CENTER')?.id,
      }}
      style={{ maxWidth: 720 }}
      data-testid="exam-order-form"
    >
      <ProblemAlert problem={problem} style={{ marginBottom: 12 }} />
      <Form.Item
        name="residentId"
        label={t('residentId')}
        extra={t('residentIdExtra')}
        rules={[{ required: true, whitespace: true, message: t('residentIdRequired') }]}
      >
        <Input autoComplete="off" maxLength={18} />
      </Form.Item>
      <Form.Item name="modality" label={t('modality')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={MODALITIES.map((m) => ({ value: m, label: m }))}
        />
      </Form.Item>
      <Form.Item
        name="requestedProcedure"
        label={t('procedure')}
        rules={[{ required: true, whitespace: true, max: 64, message: t('procedureRequired') }]}
      >
        <Input placeholder="胸部CT平扫" maxLength={64} />
      </Form.Item>
      <Form.Item
        name="scheduledAt"
        label={t('scheduledAt')}
        rules={[{ required: true, message: t('scheduledRequired') }]}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="scheduledStationAeTitle" label={t('station')} extra={t('stationExtra')}>
        <Input autoComplete="off" maxLength={16} />
      </Form.Item>
      <Form.Item
        name="centerId"
        label={t('center')}
        rules={[{ required: true, message: t('centerRequired') }]}
      >
        <Select
          options={props.centers.map((c) => ({
            value: c.id,
            label: `${c.institutionName} · ${c.name}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="priority" label={t('priority')} rules={[{ required: true }]}>
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
        <Input.TextArea rows={2} maxLength={10000} />
      </Form.Item>
      <Form.Item
        name="question"
        label={t('question')}
        rules={[{ required: true, whitespace: true, message: t('questionRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={sending}>
        {t('submit')}
      </Button>
    </Form>
  );
}
