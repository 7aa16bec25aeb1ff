import { Alert, Col, Form, Input, Radio, Row, Select } from 'antd';
import { CatalogVerdictLine } from './DiagnosisCheck';
import type { Verdict } from './catalog-check';
import { GREEN_CHANNEL, URGENCY } from './labels';
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
  const needsJustification = !!verdict && verdict.wellFormed && !verdict.inCatalog && !greenChannel;
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="direction" label="转诊方向" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'UP', label: '上转（向上级医院）' },
                { value: 'DOWN', label: '下转（回基层）' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="toInstitutionId"
            label="接收机构"
            rules={[{ required: true, message: '请选择接收机构' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={props.direction === 'UP' ? '上级医院' : '基层医疗卫生机构'}
              options={props.receivers.map((i) => ({ value: i.id, label: i.name }))}
              onChange={props.onInstitutionChange}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="toDepartmentId" label="接收科室（可选）">
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
        label="诊断编码（ICD-10）"
        rules={[{ required: true, message: '请输入至少一个 ICD-10 诊断编码' }]}
        extra={
          <CatalogVerdictLine
            verdict={verdict}
            catalogError={props.catalog.error}
            catalogLoading={props.catalog.loading}
          />
        }
      >
        <Input style={{ maxWidth: 420 }} autoComplete="off" placeholder="如 I20.0" />
      </Form.Item>
      {needsJustification && (
        <Form.Item
          name="justification"
          label="目录外转诊理由"
          rules={[
            { required: true, whitespace: true, message: '目录外转诊须说明理由，提交后进入审核' },
          ]}
        >
          <Input.TextArea rows={2} maxLength={2000} showCount />
        </Form.Item>
      )}
      <Form.Item
        name="reason"
        label="转诊原因 / 初步诊断"
        rules={[{ required: true, whitespace: true, message: '请填写转诊原因' }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="clinicalSummary" label="病情摘要（可选）">
        <Input.TextArea rows={3} maxLength={20000} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name="urgency" label="紧急程度">
            <Radio.Group
              disabled={!!greenChannel}
              options={Object.entries(URGENCY).map(([value, u]) => ({ value, label: u.label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item
            name="greenChannel"
            label="急诊绿色通道"
            extra={props.direction === 'DOWN' ? '绿色通道只用于上转' : undefined}
          >
            <Select
              allowClear
              disabled={props.direction !== 'UP'}
              placeholder="不走绿色通道"
              options={Object.entries(GREEN_CHANNEL).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {greenChannel && (
        <Alert
          type="error"
          showIcon
          title={`急诊绿色通道（${GREEN_CHANNEL[greenChannel]}）：提交即由系统接收，并自动保留急诊床位${
            props.emergencyHoldMinutes ? ` ${props.emergencyHoldMinutes} 分钟` : ''
          }，接收医院立即收到通知`}
        />
      )}
    </>
  );
}
