import { useEffect, useState } from 'react';
import { Alert, App, Button, Input, Space } from 'antd';
import { type Answer, api, problemText } from '../api/client';
import { beijing, useLocale } from '../i18n/locale';

type Finding = Answer<'/api/v1/critical-findings', 'get'>['items'][number];

/**
 * 危急值: every open critical finding of the clinician's clinic, above every page, until a named
 * clinician acknowledges it here. Refreshed every 15 s and whenever the bell hears of one.
 */
export function CriticalBanner() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Finding[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});

  async function load() {
    // Offline or the service away: keep showing what is known, look again on the next tick.
    const { data } = await api
      .GET('/api/v1/critical-findings', { params: { query: { open: true } } })
      .catch(() => ({ data: undefined }));
    if (data) setOpen(data.items.filter((f) => !f.acknowledgedAt));
  }
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    window.addEventListener('cmc:critical', load);
    return () => {
      clearInterval(timer);
      window.removeEventListener('cmc:critical', load);
    };
  }, []);

  async function acknowledge(finding: Finding) {
    const { error } = await api.POST('/api/v1/critical-findings/{id}/acknowledge', {
      params: { path: { id: finding.id } },
      body: { note: notes[finding.id] || undefined },
    });
    if (error) return void message.error(problemText(error));
    message.success('已确认 / acknowledged');
    await load();
  }

  return (
    <>
      {open.map((f) => (
        <Alert
          key={f.id}
          type="error"
          showIcon
          role="alert"
          data-testid="critical-banner"
          style={{ marginBottom: 12, border: '2px solid #cf1322' }}
          title={`${t('criticalBanner')}：${f.description}`}
          description={`${f.raisedByName} · ${beijing(f.raisedAt)} · 确认时限 ${beijing(f.ackDeadline)}`}
          action={
            <Space orientation="vertical">
              <Input
                aria-label="确认备注 / note"
                placeholder="备注（可选）"
                value={notes[f.id] ?? ''}
                onChange={(e) => setNotes({ ...notes, [f.id]: e.target.value })}
              />
              <Button danger type="primary" onClick={() => void acknowledge(f)}>
                {t('acknowledge')}
              </Button>
            </Space>
          }
        />
      ))}
    </>
  );
}
