import { useEffect, useMemo, useState } from 'react';
import { Space, Tag, Typography } from 'antd';
import { ExclamationCircleFilled } from '@ant-design/icons';
import { problemText } from '../../api/client';
import { type Catalog, checkCatalog, parseCodes, type Verdict } from './catalog-check';
import { useLocale } from '../../i18n/locale';
import { useT } from './i18n';
import { TONE } from './labels';

/** checkCatalog's problems (catalog-check.ts) in English. */
const PROBLEM_EN: Record<string, string> = {
  诊断均不在本医共体下转目录内: 'No diagnosis is in the down-referral catalog',
  诊断均不在本医共体上转目录内: 'No diagnosis is in the up-referral catalog',
  '诊断均属基层首诊病种，原则上应在基层诊治':
    'All diagnoses are primary-care conditions, normally treated in primary care',
};

/** The value after it has stopped changing for `ms`: checks run when typing pauses. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The catalog verdict for what is typed in the ICD-10 field, recomputed when typing pauses.
 * Undefined while nothing is typed or the catalog is not loaded.
 */
export function useCatalogVerdict(
  catalog: Catalog | undefined,
  direction: 'UP' | 'DOWN',
  typed: string | undefined,
): Verdict | undefined {
  const settled = useDebounced(typed ?? '');
  return useMemo(() => {
    const codes = parseCodes(settled);
    if (!catalog || codes.length === 0) return undefined;
    return checkCatalog(catalog, direction, codes);
  }, [catalog, direction, settled]);
}

/** The line under the ICD-10 field: ✓ and the catalog entries, or 目录外 and why. */
export function CatalogVerdictLine(props: {
  verdict?: Verdict;
  catalogError?: unknown;
  catalogLoading?: boolean;
}) {
  const { verdict } = props;
  const t = useT();
  const { lang } = useLocale();
  if (props.catalogError)
    return (
      <Typography.Text type="warning">
        {t('catalogUnavailable', { problem: problemText(props.catalogError) })}
      </Typography.Text>
    );
  if (props.catalogLoading)
    return <Typography.Text type="secondary">{t('catalogLoading')}</Typography.Text>;
  if (!verdict) return <span>{t('codesHint')}</span>;
  if (!verdict.wellFormed)
    return (
      <Typography.Text type="danger" data-testid="catalog-verdict">
        {t('badCodes', { codes: verdict.badCodes.join(lang === 'zh' ? '、' : ', ') })}
      </Typography.Text>
    );
  if (verdict.inCatalog)
    return (
      <Space size={4} wrap data-testid="catalog-verdict" aria-live="polite">
        <Typography.Text style={{ color: '#237804' }}>{t('inCatalog')}</Typography.Text>
        {verdict.matches.map((m) => (
          <Tag key={`${m.from}-${m.to}`} color={TONE.green}>
            {m.from === m.to ? m.from : `${m.from}–${m.to}`} {m.label}
          </Tag>
        ))}
      </Space>
    );
  return (
    <Space size={4} wrap data-testid="catalog-verdict" aria-live="polite">
      <ExclamationCircleFilled style={{ color: '#cf1322' }} aria-hidden />
      <Tag color={TONE.red}>{t('outOfCatalog')}</Tag>
      <Typography.Text type="danger">
        {t('giveJustification', {
          problem:
            lang === 'zh' || !verdict.problem
              ? (verdict.problem ?? '')
              : (PROBLEM_EN[verdict.problem] ?? verdict.problem),
        })}
      </Typography.Text>
    </Space>
  );
}
