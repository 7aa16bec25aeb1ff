import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { useLocale } from '../i18n/locale';

/** Village clinics lose their connection: say so on every page while it lasts. */
export function OfflineBanner() {
  const { t } = useLocale();
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online ? null : (
    <Alert
      type="warning"
      showIcon
      banner
      title={t('offline')}
      role="status"
      style={{ marginBottom: 12 }}
    />
  );
}
