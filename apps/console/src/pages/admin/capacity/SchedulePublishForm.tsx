import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useLocale } from '../../../i18n/locale';
import { useT } from './i18n';
import type { PublishFormProps } from './publish-parts';
import { DepartmentColumn, PublishActions, usePublish } from './publish-parts';
import { QuotaPreview } from './QuotaPreview';

interface Values {
  departmentId: string;
  doctorName?: string;
  dates: [Dayjs, Dayjs];
  daysOfWeek: number[];
  sessions: { start: string; end: string }[];
  slotMinutes: number;
  referralCapacityPerSlot: number;
  generalCapacityPerSlot: number;
}

const WEEK = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({
  value: i + 1,
  label: `周${d}`,
}));
const WEEK_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d, i) => ({
  value: i + 1,
  label: d,
}));
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * 发布出诊排班: a weekly schedule that generates REFERRAL and GENERAL slots. The share of
 * REFERRAL places is previewed against the policy before sending; the API refuses the whole
 * schedule below it (422 with the figures) and warns of places that the release rule will soon
 * move to GENERAL.
 */
export function SchedulePublishForm(props: PublishFormProps) {
  const t = useT();
  const { lang } = useLocale();
  const { form, busy, problem, send } = usePublish<Values>(props.onPublished);
  const [result, setResult] = useState<{ slots: number; warnings: string[] }>();
  const referral = Form.useWatch('referralCapacityPerSlot', form) ?? 0;
  const general = Form.useWatch('generalCapacityPerSlot', form) ?? 0;

  async function publish(v: Values) {
    setResult(undefined);
    const data = await send(
      () =>
        api.POST('/api/v1/capacity/schedules', {
          body: {
            departmentId: v.departmentId,
            doctorName: v.doctorName?.trim() || undefined,
            fromDate: v.dates[0].format('YYYY-MM-DD'),
            toDate: v.dates[1].format('YYYY-MM-DD'),
            daysOfWeek: v.daysOfWeek,
            sessions: v.sessions,
            slotMinutes: v.slotMinutes,
            referralCapacityPerSlot: v.referralCapacityPerSlot,
            generalCapacityPerSlot: v.generalCapacityPerSlot,
          },
        }),
      (published) => t('publishedSlots', { n: published.slots }),
    );
    if (data) setResult(data);
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void publish(v)}
      initialValues={{
        dates: [dayjs().add(1, 'day'), dayjs().add(7, 'day')],
        daysOfWeek: [1, 2, 3, 4, 5],
        sessions: [{ start: '08:00', end: '11:30' }],
        slotMinutes: 30,
        referralCapacityPerSlot: 1,
        generalCapacityPerSlot: 2,
      }}
    >
      <Row gutter={16}>
        <DepartmentColumn
          md={8}
          departments={props.departments}
          kind="CLINICAL"
          label={t('dept')}
          requiredMessage={t('deptRequired')}
        />
        <Col xs={24} md={6}>
          <Form.Item name="doctorName" label={t('doctor')}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            name="dates"
            label={t('dateRange')}
            rules={[{ required: true, message: t('dateRequired') }]}
          >
            <DatePicker.RangePicker
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              aria-label={t('dateRange')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="daysOfWeek"
        label={t('weekdays')}
        // A validator, not `required`: antd would put aria-required on the group, which ARIA forbids.
        rules={[
          {
            validator: (_, v?: number[]) =>
              v?.length ? Promise.resolve() : Promise.reject(new Error(t('weekdaysRequired'))),
          },
        ]}
      >
        <Checkbox.Group options={lang === 'zh' ? WEEK : WEEK_EN} />
      </Form.Item>
      <Form.Item label={t('sessions')} required>
        <Form.List name="sessions">
          {(fields, { add, remove }) => (
            <Space orientation="vertical">
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline">
                  <Form.Item
                    name={[f.name, 'start']}
                    rules={[{ required: true, pattern: HHMM, message: t('startHint') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input
                      aria-label={t('sessionStart', { n: i + 1 })}
                      style={{ width: 90 }}
                      placeholder="08:00"
                    />
                  </Form.Item>
                  <span>{t('to')}</span>
                  <Form.Item
                    name={[f.name, 'end']}
                    rules={[{ required: true, pattern: HHMM, message: t('endHint') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input
                      aria-label={t('sessionEnd', { n: i + 1 })}
                      style={{ width: 90 }}
                      placeholder="11:30"
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      aria-label={t('deleteSession', { n: i + 1 })}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                    />
                  )}
                </Space>
              ))}
              {fields.length < 6 && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ start: '14:00', end: '17:00' })}
                >
                  {t('addSession')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name="slotMinutes" label={t('slotMinutes')} rules={[{ required: true }]}>
            <InputNumber min={5} max={240} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name="referralCapacityPerSlot"
            label={t('referralPerSlot')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name="generalCapacityPerSlot"
            label={t('generalPerSlot')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <QuotaPreview referral={referral} total={referral + general} required={props.minShare} />
        </Col>
      </Row>
      <PublishActions busy={busy} problem={problem} label={t('publish')} note={t('releaseNote')}>
        {result && (
          <Alert
            type={result.warnings.length ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="schedule-result"
            title={t('scheduleResult', { n: result.slots })}
            description={
              result.warnings.length ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {result.warnings.map((w) => (
                    <li key={w}>{t('releaseWarning', { w })}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
      </PublishActions>
    </Form>
  );
}
