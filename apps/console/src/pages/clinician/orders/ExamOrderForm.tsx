import { App, DatePicker, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, problemText } from '../../../api/client';
import type { ReadingCenter } from '../shared/directory';
import {
  findPatientId,
  HistoryAndQuestionFields,
  PriorityField,
  RequestForm,
  requestFieldErrors,
  useRequestSending,
} from '../shared/reading-request-parts';
import { useOrderT } from './i18n';

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

/** 检查预约: an exam ordered ahead, for the modality worklist (issue 15). */
export function ExamOrderForm(props: { centers: ReadingCenter[]; onCreated: () => void }) {
  const { message } = App.useApp();
  const t = useOrderT();
  const [form] = Form.useForm<Values>();
  const { sending, problem, setProblem, sendWith } = useRequestSending(String);

  const submit = (values: Values) =>
    sendWith(async () => {
      const patientId = await findPatientId(form, values.residentId.trim(), t('noSuchPatient'));
      if (!patientId) return;
      const { data, error } = await api.POST('/api/v1/exam-orders', {
        body: {
          patientId,
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
        const fields = new Set(Object.keys(form.getFieldsValue(true) as object));
        form.setFields(requestFieldErrors<Values>(error, fields, ''));
        return;
      }
      void message.success(t('created', { acc: data.accessionNumber }));
      form.resetFields(['residentId', 'requestedProcedure', 'clinicalHistory', 'question']);
      props.onCreated();
    });

  return (
    <RequestForm<Values>
      form={form}
      onFinish={(v) => void submit(v)}
      testId="exam-order-form"
      problem={problem}
      sending={sending}
      submitLabel={t('submit')}
      initialValues={{
        modality: 'CT',
        priority: 'ROUTINE',
        centerId: props.centers.find((c) => c.kind === 'IMAGING_CENTER')?.id,
      }}
    >
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
      <PriorityField label={t('priority')} />
      <HistoryAndQuestionFields
        history={t('history')}
        historyRequired={t('historyRequired')}
        historyRows={2}
        question={t('question')}
        questionRequired={t('questionRequired')}
      />
    </RequestForm>
  );
}
