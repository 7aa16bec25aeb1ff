import { Alert, Col, Form, Input, Radio, Row, Select } from 'antd';
import { CatalogVerdictLine } from './DiagnosisCheck';
import type { Verdict } from './catalog-check';
import { useT } from './i18n';
import { useLabels } from './labels';
import type { Department, Institution } from './use-directory';

/** 转诊信息: where to, why (ICD-10 checked against the catalog as typed), how urgent. */
export function ReferralFields(props: {
  receivers: Institution[];
  departments: Department[];
  direction: 'UP' | 'DOWN';
  greenChannel?: string;
  verdict?: Verdict;
  catalog: { error?: unknown; loading: boolean };
  emergencyHoldMinutes?: number;
  onInstitutionChange: () => void;
}) {
  const { verdict, greenChannel } = props;
  const t = useT();
  const { GREEN_CHANNEL, URGENCY } = useLabels();
  const needsJustification = !!verdict && verdict.wellFormed && !verdict.inCatalog && !greenChannel;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="direction" label={t('direction')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'UP', label: t('dirUp') },
                { value: 'DOWN', label: t('dirDown') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="toInstitutionId"
            label={t('receiver')}
            rules={[{ required: true, message: t('receiverRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={props.direction === 'UP' ? t('higherHospital') : t('primaryCare')}
              options={props.receivers.map((i) => ({ value: i.id, label: i.name }))}
              onChange={props.onInstitutionChange}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="toDepartmentId" label={t('department')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={props.departments
                .filter((d) => d.kind === 'CLINICAL' || d.kind === 'WARD')
                .map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="codes"
        label={t('codes')}
        rules={[{ required: true, message: t('codesRequired') }]}
        extra={
          <CatalogVerdictLine
            verdict={verdict}
            catalogError={props.catalog.error}
            catalogLoading={props.catalog.loading}
          />
        }
      >
        <Input style={{ maxWidth: 420 }} autoComplete="off" placeholder={t('codesPlaceholder')} />
      </Form.Item>
      {needsJustification && (
        <Form.Item
          name="justification"
          label={t('justificationLabel')}
          rules={[{ required: true, whitespace: true, message: t('justificationRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} showCount />
        </Form.Item>
      )}
      <Form.Item
        name="reason"
        label={t('reasonDx')}
        rules={[{ required: true, whitespace: true, message: t('reasonDxRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="clinicalSummary" label={t('clinicalSummaryOptional')}>
        <Input.TextArea rows={3} maxLength={20000} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name="urgency" label={t('urgency')}>
            <Radio.Group
              disabled={!!greenChannel}
              options={Object.entries(URGENCY).map(([value, u]) => ({ value, label: u.label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item
            name="greenChannel"
            label={t('greenChannelLabel')}
            extra={props.direction === 'DOWN' ? t('greenUpOnly') : undefined}
          >
            <Select
              allowClear
              disabled={props.direction !== 'UP'}
              placeholder={t('noGreen')}
              options={Object.entries(GREEN_CHANNEL).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {greenChannel && (
        <Alert
          type="error"
          showIcon
          title={t('greenNotice', {
            centre: GREEN_CHANNEL[greenChannel] ?? greenChannel,
            minutes: props.emergencyHoldMinutes
              ? t('minutes', { n: props.emergencyHoldMinutes })
              : '',
          })}
        />
      )}
    </>
  );
}
