import { useEffect, useState } from 'react';
import { App, Button, Input, type InputProps, Space, Table } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, problemText } from '../../../api/client';
import type { CatalogEntry } from '../../referrals/catalog-check';
import { useT } from './i18n';
import { ProblemAlert } from '../../../components/ProblemAlert';

type ListName = 'UP' | 'DOWN' | 'PRIMARY_CARE';
const CODE = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/;

/** A row's problem before sending, in words (the API checks the same shapes). */
function rowProblem(t: ReturnType<typeof useT>, e: CatalogEntry, i: number): string | undefined {
  const n = i + 1;
  if (!CODE.test(e.from)) return t('rowFrom', { n });
  if (e.to && !CODE.test(e.to)) return t('rowTo', { n });
  if (e.to && e.to < e.from) return t('rowOrder', { n });
  if (!e.label.trim()) return t('rowLabel', { n });
  return undefined;
}

/**
 * One list of the catalog. Filtered by code or name; a community administrator edits a draft
 * and saves the whole list at once (the API replaces a list, at most 2,000 entries).
 */
export function CatalogListEditor(props: {
  list: ListName;
  entries: CatalogEntry[];
  filter: string;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const t = useT();
  const [draft, setDraft] = useState<CatalogEntry[]>();
  const [problem, setProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(undefined), [props.entries]);

  const rows = (draft ?? props.entries).map((e, i) => ({ ...e, i }));
  const q = props.filter.trim().toUpperCase();
  const shown =
    draft || !q
      ? rows
      : rows.filter((e) => `${e.from} ${e.to} ${e.label}`.toUpperCase().includes(q));
  const change = (i: number, patch: Partial<CatalogEntry>) =>
    setDraft((d) => d!.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  const editing = draft !== undefined;
  /** A column of one field: its text, or while editing a box named after the row. */
  const fieldColumn = (
    field: 'from' | 'to' | 'label',
    title: string,
    rowAria: (n: number) => string,
    input: InputProps,
    width?: number,
  ): ColumnType<(typeof rows)[number]> => ({
    title,
    key: field,
    width,
    render: (_, e) =>
      editing ? (
        <Input
          aria-label={rowAria(e.i + 1)}
          value={e[field]}
          {...input}
          onChange={(v) => change(e.i, { [field]: v.target.value })}
        />
      ) : (
        e[field]
      ),
  });

  async function save() {
    const entries = draft!.map((e) => ({
      ...e,
      from: e.from.trim().toUpperCase(),
      to: (e.to || e.from).trim().toUpperCase(),
    }));
    const bad = entries.map((e, i) => rowProblem(t, e, i)).find(Boolean);
    if (bad) return setProblem(bad);
    setSaving(true);
    setProblem(undefined);
    const { data, error } = await api.PUT('/api/v1/referral-catalog/{list}', {
      params: { path: { list: props.list } },
      body: { entries: entries.map((e) => ({ from: e.from, to: e.to, label: e.label.trim() })) },
    });
    setSaving(false);
    if (error) return setProblem(problemText(error));
    void message.success(t('savedN', { n: data.count }));
    props.onSaved();
  }

  return (
    <>
      {props.canEdit && (
        <Space style={{ marginBottom: 8 }}>
          {!editing ? (
            <Button onClick={() => setDraft(props.entries.map((e) => ({ ...e })))}>
              {t('editList')}
            </Button>
          ) : (
            <>
              <Button
                icon={<PlusOutlined />}
                onClick={() => setDraft((d) => [...d!, { from: '', to: '', label: '' }])}
              >
                {t('addEntry')}
              </Button>
              <Button type="primary" loading={saving} onClick={() => void save()}>
                {t('save')}
              </Button>
              <Button
                onClick={() => {
                  setDraft(undefined);
                  setProblem(undefined);
                }}
              >
                {t('cancel')}
              </Button>
            </>
          )}
        </Space>
      )}
      <ProblemAlert problem={problem} style={{ marginBottom: 8 }} />
      <Table
        size="small"
        rowKey="i"
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          fieldColumn('from', t('colFrom'), (n) => t('rowFromAria', { n }), {}, 140),
          fieldColumn(
            'to',
            t('colTo'),
            (n) => t('rowToAria', { n }),
            { placeholder: t('sameAsFrom') },
            140,
          ),
          fieldColumn('label', t('colLabel'), (n) => t('rowLabelAria', { n }), { maxLength: 200 }),
          ...(editing
            ? [
                {
                  title: t('colDelete'),
                  key: 'remove',
                  width: 70,
                  render: (_: unknown, e: { i: number }) => (
                    <Button
                      type="text"
                      danger
                      aria-label={t('deleteRow', { n: e.i + 1 })}
                      icon={<DeleteOutlined />}
                      onClick={() => setDraft((d) => d!.filter((_, j) => j !== e.i))}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
