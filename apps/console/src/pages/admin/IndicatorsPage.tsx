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
import { useT } from './i18n';

/**
 * Community admin: the seeds' monitoring indicators (I1) the platform computes, as charts with
 * their numbers, for a period of Beijing days (by default the last 12 months).
 */
export default function IndicatorsPage() {
  const [period, setPeriod] = useState<Period>(() => defaultPeriod());
  const [tooLong, setTooLong] = useState(false);
  const t = useT();
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
      <Typography.Title level={2}>{t('indicatorsTitle')}</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('periodLabel')} htmlFor="indicator-period">
            <DatePicker.RangePicker
              id={{ start: 'indicator-period' }}
              value={[pickerValue(period.fromDate), pickerValue(period.toDate)]}
              onChange={pick}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM-DD') > todayInBeijing()}
              presets={[
                {
                  label: t('last12Months'),
                  value: [pickerValue(defaultPeriod().fromDate), pickerValue(todayInBeijing())],
                },
                {
                  label: t('thisYear'),
                  value: [
                    pickerValue(`${todayInBeijing().slice(0, 4)}-01-01`),
                    pickerValue(todayInBeijing()),
                  ],
                },
              ]}
            />
          </Form.Item>
        </Form>
        {tooLong && <Alert type="warning" showIcon title={t('periodTooLong', { n: MAX_DAYS })} />}
        <Typography.Text style={{ color: '#595959' }}>
          {`${t('indicatorsNote')} ${t('indicatorsDocs')}`}
        </Typography.Text>
      </Space>
      <Typography.Title level={3}>{t('referralsHeading')}</Typography.Title>
      <ReferralPanels referrals={referrals} monthly={monthly} />
      <Typography.Title level={3}>{t('remoteHeading')}</Typography.Title>
      <StudyPanels studies={studies} />
    </>
  );
}
