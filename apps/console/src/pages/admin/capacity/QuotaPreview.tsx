import { Statistic } from 'antd';
import { useT } from './i18n';

/** The REFERRAL share what is being published would have, against the policy minimum. */
export function QuotaPreview(props: { referral: number; total: number; required?: number }) {
  const t = useT();
  const share = props.total > 0 ? props.referral / props.total : 0;
  const short = props.required !== undefined && props.total > 0 && share + 1e-9 < props.required;
  return (
    <Statistic
      title={`${t('quotaShare')}${
        props.required !== undefined
          ? t('quotaRequired', { pct: `${(props.required * 100).toFixed(1)}%` })
          : ''
      }`}
      value={props.total > 0 ? share * 100 : 0}
      precision={1}
      suffix="%"
      styles={{ content: { color: short ? '#cf1322' : '#237804' } }}
    />
  );
}
