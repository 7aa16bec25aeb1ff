import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Card, Spin } from 'antd';
import { problemText } from '../api/client';
import { useLocale } from '../i18n/locale';

/**
 * One panel of a page. A failed load (a service down: 503) shows a message here while the rest of
 * the page keeps working; a render error is caught here too instead of blanking the console.
 */
export function Panel(props: {
  title: ReactNode;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  extra?: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useLocale();
  return (
    <Card title={props.title} extra={props.extra} style={{ marginBottom: 16 }}>
      <PanelBoundary>
        {props.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={problemStatus(props.error) === 503 ? t('serviceDown') : problemText(props.error)}
            description={problemStatus(props.error) === 503 ? problemText(props.error) : undefined}
            action={props.onRetry && <Button onClick={props.onRetry}>{t('retry')}</Button>}
          />
        ) : props.loading ? (
          <Spin />
        ) : (
          props.children
        )}
      </PanelBoundary>
    </Card>
  );
}

function problemStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error && 'status' in error
    ? Number((error as { status: unknown }).status)
    : undefined;
}

class PanelBoundary extends Component<{ children?: ReactNode }, { failed?: string }> {
  state: { failed?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { failed: error.message };
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('panel failed', error, info.componentStack);
  }
  render() {
    return this.state.failed ? (
      <Alert type="error" showIcon title={`页面出错 / this panel failed: ${this.state.failed}`} />
    ) : (
      this.props.children
    );
  }
}
