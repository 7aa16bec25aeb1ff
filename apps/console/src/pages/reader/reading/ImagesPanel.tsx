import { Button, Space, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { Panel } from '../../../components/Panel';
import { useSession } from '../../../session/session';
import { Muted } from '../Muted';
import { viewerOrigin, viewerStudyUrl } from './viewer-link';
import type { Study } from './StudyPanel';
import { useT } from '../i18n';

const CONFIGURED = import.meta.env.VITE_VIEWER_ORIGIN as string | undefined;

/** Images open in the OHIF viewer on its own origin, which accepts the console's session. */
export function ImagesPanel({ study }: { study: Study }) {
  const { viewerPort } = useSession();
  const href = viewerStudyUrl(
    viewerOrigin(window.location, CONFIGURED, viewerPort),
    study.studyInstanceUid,
  );
  const t = useT();
  const series = new Set(study.instances.map((i) => i.seriesInstanceUid)).size;
  return (
    <Panel title={t('images')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button
          type="primary"
          icon={<ExportOutlined />}
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="ohif-link"
        >
          {t('openOhif')}
        </Button>
        <Muted>{t('imagesInfo', { series, n: study.instanceCount })}</Muted>
        <Typography.Text
          copyable={{ text: study.studyInstanceUid, tooltips: [t('copy'), t('copied')] }}
        >
          <Muted>Study Instance UID：</Muted>
          <code>{study.studyInstanceUid}</code>
        </Typography.Text>
      </Space>
    </Panel>
  );
}
