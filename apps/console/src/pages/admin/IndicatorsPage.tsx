import { useState } from 'react';
import { Alert, DatePicker, Form, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  defaultPeriod,
  MAX_DAYS,
  type Period,
  pickerValue,
  spanDays,
  todayInBeijing,
} from './indicators/period';
import { ReferralPanels } from './indicators/ReferralPanels';
import { StudyPanels } from './indicators/StudyPanels';
import { useIndicators } from './indicators/use-indicators';

/**
 * Community admin: the seeds' monitoring indicators (I1) the platform computes, as charts with
 * their numbers, for a period of Beijing days (by default the last 12 months).
 */
export default function IndicatorsPage() {
  const [period, setPeriod] = useState<Period>(() => defaultPeriod());
  const [tooLong, setTooLong] = useState(false);
  const { referrals, monthly, studies } = useIndicators(period);

  const pick = (values: [Dayjs | null, Dayjs | null] | null) => {
    if (!values?.[0] || !values[1]) return setPeriod(defaultPeriod());
    const next = {
      fromDate: values[0].format('YYYY-MM-DD'),
      toDate: values[1].format('YYYY-MM-DD'),
    };
    const over = spanDays(next) > MAX_DAYS;
    setTooLong(over);
    if (!over) setPeriod(next);
  };

  return (
    <>
      <Typography.Title level={2}>统计指标</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label="统计期间（北京时间，含首尾两天）" htmlFor="indicator-period">
            <DatePicker.RangePicker
              id={{ start: 'indicator-period' }}
              value={[pickerValue(period.fromDate), pickerValue(period.toDate)]}
              onChange={pick}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM-DD') > todayInBeijing()}
              presets={[
                {
                  label: '近 12 个月',
                  value: [pickerValue(defaultPeriod().fromDate), pickerValue(todayInBeijing())],
                },
                {
                  label: '今年',
                  value: [
                    pickerValue(`${todayInBeijing().slice(0, 4)}-01-01`),
                    pickerValue(todayInBeijing()),
                  ],
                },
              ]}
            />
          </Form.Item>
        </Form>
        {tooLong && (
          <Alert
            type="warning"
            showIcon
            title={`统计期间最长 ${MAX_DAYS} 天（指标按年考核），请缩短后再查询。`}
          />
        )}
        <Typography.Text style={{ color: '#595959' }}>
          转诊按提交时间、检查按终审报告时间归入期间；医共体管理员看到整个医联体（远程诊断另含全区）。
          口径说明见 docs/indicators.md。
        </Typography.Text>
      </Space>
      <Typography.Title level={3}>双向转诊</Typography.Title>
      <ReferralPanels referrals={referrals} monthly={monthly} />
      <Typography.Title level={3}>远程诊断</Typography.Title>
      <StudyPanels studies={studies} />
    </>
  );
}
