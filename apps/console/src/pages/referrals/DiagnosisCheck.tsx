import { useEffect, useMemo, useState } from 'react';
import { Space, Tag, Typography } from 'antd';
import { ExclamationCircleFilled } from '@ant-design/icons';
import { problemText } from '../../api/client';
import { type Catalog, checkCatalog, parseCodes, type Verdict } from './catalog-check';
import { TONE } from './labels';

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
  if (props.catalogError)
    return (
      <Typography.Text type="warning">
        转诊目录暂不可用（{problemText(props.catalogError)}），提交时由服务器检查
      </Typography.Text>
    );
  if (props.catalogLoading)
    return <Typography.Text type="secondary">正在载入转诊目录…</Typography.Text>;
  if (!verdict) return <span>多个诊断用逗号或空格分隔，如 I20.0, I10</span>;
  if (!verdict.wellFormed)
    return (
      <Typography.Text type="danger" data-testid="catalog-verdict">
        编码格式不符：{verdict.badCodes.join('、')}（应如 I20 或 I20.0）
      </Typography.Text>
    );
  if (verdict.inCatalog)
    return (
      <Space size={4} wrap data-testid="catalog-verdict" aria-live="polite">
        <Typography.Text style={{ color: '#237804' }}>✓ 在转诊目录内：</Typography.Text>
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
      <Tag color={TONE.red}>目录外</Tag>
      <Typography.Text type="danger">{verdict.problem}，请填写目录外转诊理由</Typography.Text>
    </Space>
  );
}
