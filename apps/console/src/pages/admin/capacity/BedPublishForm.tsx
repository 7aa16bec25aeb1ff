import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { api } from '../../../api/client';
import { useT } from './i18n';
import type { PublishFormProps } from './publish-parts';
import { DepartmentColumn, PublishActions, usePublish } from './publish-parts';
import { QuotaPreview } from './QuotaPreview';

interface Values {
  departmentId: string;
  numbers: string;
  referralCount: number;
  sexRestriction?: 'male' | 'female';
}

/** "01-08" or "1,2,5" or "A1 A2" → bed numbers, in order, without repeats. */
export function bedNumbers(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s,，、]+/).filter(Boolean)) {
    const range = /^(\d+)[-~～](\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      const width = range[1].length;
      for (let n = from; n <= to && out.length <= 500; n++)
        out.push(String(n).padStart(width, '0'));
    } else out.push(part);
  }
  return [...new Set(out)];
}

/**
 * 发布床位: beds of a ward, the first N in the REFERRAL pool. The API refuses a ward below the
 * policy share (1/4 by default) and a bed number the ward already has.
 */
export function BedPublishForm(props: PublishFormProps) {
  const t = useT();
  const { form, busy, problem, send } = usePublish<Values>(props.onPublished);
  const numbers = bedNumbers(Form.useWatch('numbers', form) ?? '');
  const referralCount = Math.min(Form.useWatch('referralCount', form) ?? 0, numbers.length);

  async function publish(v: Values) {
    const beds = bedNumbers(v.numbers);
    const data = await send(
      () =>
        api.POST('/api/v1/capacity/beds', {
          body: {
            departmentId: v.departmentId,
            beds: beds.map((number, i) => ({
              number,
              pool: i < v.referralCount ? ('REFERRAL' as const) : ('GENERAL' as const),
              sexRestriction: v.sexRestriction,
            })),
          },
        }),
      (published) => t('bedsPublished', { n: published.beds.length }),
    );
    if (data) form.resetFields(['numbers']);
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void publish(v)}
      initialValues={{ referralCount: 1 }}
    >
      <Row gutter={16}>
        <DepartmentColumn
          md={6}
          departments={props.departments}
          kind="WARD"
          label={t('ward')}
          requiredMessage={t('wardRequired')}
        />
        <Col xs={24} md={6}>
          <Form.Item
            name="numbers"
            label={t('bedNumbers')}
            extra={t('bedNumbersHelp', { n: numbers.length })}
            rules={[
              { required: true, whitespace: true, message: t('bedNumbersRequired') },
              {
                validator: (_, v: string) =>
                  bedNumbers(v ?? '').some((n) => n.length > 20) || bedNumbers(v ?? '').length > 500
                    ? Promise.reject(new Error(t('bedNumbersTooLong')))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="referralCount" label={t('referralCount')} rules={[{ required: true }]}>
            <InputNumber min={0} max={500} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="sexRestriction" label={t('sexRestriction')}>
            <Select
              allowClear
              options={[
                { value: 'male', label: t('male') },
                { value: 'female', label: t('female') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <QuotaPreview referral={referralCount} total={numbers.length} required={props.minShare} />
        </Col>
      </Row>
      <PublishActions
        busy={busy}
        problem={problem}
        label={t('publishBeds')}
        note={t('bedShareNote')}
      />
    </Form>
  );
}
