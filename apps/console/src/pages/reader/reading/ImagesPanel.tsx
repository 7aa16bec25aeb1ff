import { Button, Space, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import { Panel } from '../../../components/Panel';
import { useSession } from '../../../session/session';
import { Muted } from '../Muted';
import { viewerOrigin, viewerStudyUrl } from './viewer-link';
import type { Study } from './StudyPanel';

const CONFIGURED = import.meta.env.VITE_VIEWER_ORIGIN as string | undefined;

/** Images open in the OHIF viewer on its own origin, which accepts the console's session. */
export function ImagesPanel({ study }: { study: Study }) {
  const { viewerPort } = useSession();
  const href = viewerStudyUrl(
    viewerOrigin(window.location, CONFIGURED, viewerPort),
    study.studyInstanceUid,
  );
  const series = new Set(study.instances.map((i) => i.seriesInstanceUid)).size;
  return (
    <Panel title="影像">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Button
          type="primary"
          icon={<ExportOutlined />}
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="ohif-link"
        >
          在 OHIF 阅片器中打开（新窗口）
        </Button>
        <Muted>
          {series} 个序列，{study.instanceCount} 幅图像。阅片器在独立地址运行，沿用当前登录。
        </Muted>
        <Typography.Text copyable={{ text: study.studyInstanceUid, tooltips: ['复制', '已复制'] }}>
          <Muted>Study Instance UID：</Muted>
          <code>{study.studyInstanceUid}</code>
        </Typography.Text>
      </Space>
    </Panel>
  );
}
