import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useLocale } from '../i18n/locale';
import { ROUTES } from '../routes';
import { useSession } from '../session/session';
import { CriticalBanner } from './CriticalBanner';
import { NotificationBell } from './NotificationBell';
import { OfflineBanner } from './OfflineBanner';

/** Every page: who and which institution, the menu for their roles, the bell, sign-out. */
export function AppShell() {
  const { t, toggle, lang } = useLocale();
  const { actor, institutionName, signOut, hasRole } = useSession();
  const location = useLocation();
  const menu = useMemo(
    () =>
      ROUTES.filter((r) => !r.hidden && hasRole(...r.roles)).map((r) => ({
        key: `/${r.path}`,
        label: <Link to={`/${r.path}`}>{t(r.label)}</Link>,
      })),
    [hasRole, t],
  );
  const selected = menu
    .map((m) => m.key)
    .filter((k) => location.pathname.startsWith(k))
    .sort((a, b) => b.length - a.length)[0];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          background: '#0b3d75',
          paddingInline: 16,
        }}
      >
        <Typography.Title
          level={1}
          style={{ color: '#fff', margin: 0, fontSize: 18, whiteSpace: 'nowrap' }}
        >
          <Link to="/" style={{ color: '#fff' }}>
            {t('appTitle')}
          </Link>
        </Typography.Title>
        <span style={{ flex: 1 }} />
        <Space size="middle" style={{ color: '#fff' }}>
          <span data-testid="who">
            {actor.name} · {institutionName} ·{' '}
            {actor.roles.map((r) => t(`role_${r}`)).join(lang === 'zh' ? '、' : ', ')}
          </span>
          <NotificationBell />
          <Button size="small" onClick={toggle}>
            {t('language')}
          </Button>
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()}>
            {t('signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label={t('mainMenu')}>
            <Menu mode="inline" items={menu} selectedKeys={selected ? [selected] : []} />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <OfflineBanner />
          {hasRole('clinician') && <CriticalBanner />}
          {/* Layout.Content is the page's <main>. */}
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
