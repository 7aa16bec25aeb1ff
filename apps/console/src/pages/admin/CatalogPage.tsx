import { useState } from 'react';
import { Input, Space, Tabs, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { useSession } from '../../session/session';
import { type Catalog, checkCatalog, inEntry, parseCodes } from '../referrals/catalog-check';
import { CatalogListEditor } from './capacity/CatalogListEditor';
import { TONE } from '../referrals/labels';

const LISTS = [
  { key: 'UP', label: '上转目录', help: '上转须至少一个诊断在此目录内，且不全是基层首诊病种' },
  { key: 'DOWN', label: '下转目录', help: '下转须至少一个诊断在此目录内' },
  { key: 'PRIMARY_CARE', label: '基层首诊病种', help: '只有这些诊断的上转视为目录外，需说明理由' },
] as const;

/**
 * 转诊目录: the community's UP, DOWN and 基层首诊 lists of ICD-10 codes and ranges; filter them,
 * look up where a code falls, and (community admin) edit a list.
 */
export default function CatalogPage() {
  const { hasRole } = useSession();
  const catalog = useLoad(() => api.GET('/api/v1/referral-catalog'), []);
  const [filter, setFilter] = useState('');
  return (
    <>
      <Typography.Title level={2}>转诊目录</Typography.Title>
      <Panel
        title="按编码查询"
        error={catalog.error}
        onRetry={catalog.reload}
        loading={catalog.loading}
      >
        {catalog.data && <CodeLookup catalog={catalog.data} />}
      </Panel>
      <Panel
        title="目录条目"
        error={catalog.error}
        loading={catalog.loading}
        onRetry={catalog.reload}
        extra={
          <Input.Search
            aria-label="筛选编码或病种"
            placeholder="筛选编码或病种"
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
              label: `${l.label}（${catalog.data![l.key].length}）`,
              children: (
                <>
                  <Typography.Paragraph type="secondary">{l.help}</Typography.Paragraph>
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
  const codes = parseCodes(text);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input
        aria-label="ICD-10 编码"
        placeholder="输入 ICD-10 编码，如 I20.0 或 E11"
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
                {direction === 'UP' ? '上转' : '下转'}：{v.inCatalog ? '✓ 目录内' : '目录外'}
              </Tag>
              {v.problem && <Typography.Text type="secondary">{v.problem}</Typography.Text>}
              {v.matches.map((m) => (
                <Tag key={`${m.from}${m.to}`}>{`${m.from}–${m.to} ${m.label}`}</Tag>
              ))}
            </div>
          );
        })}
      {codes.length > 0 && catalog.PRIMARY_CARE.some((e) => codes.some((c) => inEntry(c, e))) && (
        <Tag color={TONE.gold}>含基层首诊病种</Tag>
      )}
    </Space>
  );
}
