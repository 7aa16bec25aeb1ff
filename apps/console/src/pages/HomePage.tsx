import { Link } from 'react-router';
import { Card, Col, Row, Typography } from 'antd';
import { useLocale } from '../i18n/locale';
import { ROUTES } from '../routes';
import { useSession } from '../session/session';

/** Where each role starts: its pages as tiles. */
export default function HomePage() {
  const { t } = useLocale();
  const { actor, hasRole } = useSession();
  const pages = ROUTES.filter((r) => !r.hidden && hasRole(...r.roles));
  return (
    <>
      <Typography.Title level={2}>
        {t('hello')}
        {actor.name}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {pages.map((p) => (
          <Col key={p.path} xs={24} sm={12} lg={8}>
            <Link to={`/${p.path}`}>
              <Card hoverable>{t(p.label)}</Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
