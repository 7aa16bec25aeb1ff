import { useEffect, useState } from 'react';
import { Badge, Button, Drawer, List, notification, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { type Answer, api } from '../api/client';
import { beijing, useLocale } from '../i18n/locale';
import { useSession } from '../session/session';

type Notice = Answer<'/api/v1/notifications', 'get'>['items'][number];

const URGENCY_COLOR: Record<string, string> = { CRITICAL: 'red', HIGH: 'orange', NORMAL: 'blue' };

/**
 * The bell, fed live by the notification inbox's SSE stream (the session cookie authenticates
 * it; EventSource resumes with Last-Event-ID by itself). CRITICAL and HIGH notices also pop up
 * and stay until closed, so a green-channel arrival or a critical finding cannot be missed.
 */
export function NotificationBell() {
  const { t } = useLocale();
  const { generation } = useSession();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notice[]>([]);
  const [popup, holder] = notification.useNotification({
    stack: { threshold: 3 },
    // Bottom right: the critical-finding banner's acknowledge button and the header stay
    // reachable under a stack of alerts.
    placement: 'bottomRight',
  });

  useEffect(() => {
    const stream = new EventSource('/api/v1/notifications/stream');
    stream.addEventListener('ready', (e) => setUnread(JSON.parse((e as MessageEvent).data).unread));
    stream.addEventListener('notification', (e) => {
      const notice = JSON.parse((e as MessageEvent).data) as Notice;
      setUnread((n) => n + 1);
      setItems((list) => [notice, ...list.filter((x) => x.id !== notice.id)].slice(0, 50));
      // Pages that show what a notice is about refresh at once instead of on their next poll.
      window.dispatchEvent(new CustomEvent('cmc:notification', { detail: notice }));
      if (notice.resource?.type === 'critical_finding')
        window.dispatchEvent(new CustomEvent('cmc:critical', { detail: notice }));
      if (notice.urgency !== 'NORMAL')
        popup[notice.urgency === 'CRITICAL' ? 'error' : 'warning']({
          message: notice.title,
          description: notice.body,
          duration: 0,
          role: 'alert',
        });
    });
    return () => stream.close();
    // A new sign-in (after the session was lost) opens a fresh stream: the old one may have ended.
  }, [popup, generation]);

  async function show() {
    setOpen(true);
    const { data } = await api.GET('/api/v1/notifications', { params: { query: { limit: 50 } } });
    if (data) setItems(data.items);
  }

  async function readAll() {
    await api.POST('/api/v1/notifications/read-all', { body: {} });
    setUnread(0);
    setItems((list) => list.map((n) => ({ ...n, read: true })));
  }

  return (
    <>
      {holder}
      <Badge count={unread} overflowCount={99}>
        <Button
          shape="circle"
          icon={<BellOutlined />}
          aria-label={`${t('notifications')} (${unread})`}
          onClick={show}
        />
      </Badge>
      <Drawer
        title={t('notifications')}
        open={open}
        onClose={() => setOpen(false)}
        extra={<Button onClick={readAll}>{t('markAllRead')}</Button>}
      >
        <List
          dataSource={items}
          locale={{ emptyText: t('noNotifications') }}
          renderItem={(n) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <>
                    <Tag color={URGENCY_COLOR[n.urgency]}>{n.urgency}</Tag>
                    <Typography.Text strong={!n.read}>{n.title}</Typography.Text>
                  </>
                }
                description={`${n.body} · ${beijing(n.createdAt)}`}
              />
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
