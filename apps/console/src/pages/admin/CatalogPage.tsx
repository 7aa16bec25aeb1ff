import { useState } from 'react';
import { Input, Space, Tabs, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { useLocale } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { type Catalog, checkCatalog, inEntry, parseCodes } from '../referrals/catalog-check';
import { CatalogListEditor } from './capacity/CatalogListEditor';
import { TONE } from '../referrals/labels';
import { useT } from './capacity/i18n';

const LISTS = [
  { key: 'UP', label: 'listUp', help: 'listUpHelp' },
  { key: 'DOWN', label: 'listDown', help: 'listDownHelp' },
  { key: 'PRIMARY_CARE', label: 'listPrimary', help: 'listPrimaryHelp' },
] as const;

/** checkCatalog's problems (referrals/catalog-check.ts) in English. */
const PROBLEM_EN: Record<string, string> = {
  诊断均不在本医共体下转目录内: 'No diagnosis is in the down-referral catalog',
  诊断均不在本医共体上转目录内: 'No diagnosis is in the up-referral catalog',
  '诊断均属基层首诊病种，原则上应在基层诊治':
    'All diagnoses are primary-care conditions, normally treated in primary care',
};

/**
 * 转诊目录: the community's UP, DOWN and 基层首诊 lists of ICD-10 codes and ranges; filter them,
 * look up where a code falls, and (community admin) edit a list.
 */
export default function CatalogPage() {
  const { hasRole } = useSession();
  const t = useT();
  const catalog = useLoad(() => api.GET('/api/v1/referral-catalog'), []);
  const [filter, setFilter] = useState('');
  return (
    <>
      <Typography.Title level={2}>{t('catalogTitle')}</Typography.Title>
      <Panel
        title={t('lookup')}
        error={catalog.error}
        onRetry={catalog.reload}
        loading={catalog.loading}
      >
        {catalog.data && <CodeLookup catalog={catalog.data} />}
      </Panel>
      <Panel
        title={t('entries')}
        error={catalog.error}
        loading={catalog.loading}
        onRetry={catalog.reload}
        extra={
          <Input.Search
            aria-label={t('filterEntries')}
            placeholder={t('filterEntries')}
            allowClear
            style={{ width: 240 }}
            onChange={(e) => setFilter(e.target.value)}
          />
        }
      >
        {catalog.data && (
          <Tabs
            items={LISTS.map((l) => ({
              key: l.key,
              label: t('tabLabel', { label: t(l.label), n: catalog.data![l.key].length }),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t(l.help)}</Typography.Paragraph>
                  <CatalogListEditor
                    list={l.key}
                    entries={catalog.data![l.key]}
                    filter={filter}
                    canEdit={hasRole('community_admin')}
                    onSaved={catalog.reload}
                  />
                </>
              ),
            }))}
          />
        )}
      </Panel>
    </>
  );
}

/** Where typed codes fall: each list's matching entries, and the up/down verdict. */
function CodeLookup({ catalog }: { catalog: Catalog }) {
  const [text, setText] = useState('');
  const t = useT();
  const { lang } = useLocale();
  const codes = parseCodes(text);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input
        aria-label={t('icdCode')}
        placeholder={t('icdPlaceholder')}
        style={{ maxWidth: 360 }}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {codes.length > 0 &&
        (['UP', 'DOWN'] as const).map((direction) => {
          const v = checkCatalog(catalog, direction, codes);
          return (
            <div key={direction}>
              <Tag color={v.inCatalog ? TONE.green : TONE.red}>
                {t('verdict', {
                  direction: direction === 'UP' ? t('up') : t('down'),
                  verdict: v.inCatalog ? t('inCatalog') : t('outOfCatalog'),
                })}
              </Tag>
              {v.problem && (
                <Typography.Text type="secondary">
                  {lang === 'zh' ? v.problem : (PROBLEM_EN[v.problem] ?? v.problem)}
                </Typography.Text>
              )}
              {v.matches.map((m) => (
                <Tag key={`${m.from}${m.to}`}>{`${m.from}–${m.to} ${m.label}`}</Tag>
              ))}
            </div>
          );
        })}
      {codes.length > 0 && catalog.PRIMARY_CARE.some((e) => codes.some((c) => inEntry(c, e))) && (
        <Tag color={TONE.gold}>{t('hasPrimary')}</Tag>
      )}
    </Space>
  );
}
