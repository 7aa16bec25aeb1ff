import { Form, Radio, Typography } from 'antd';
import { BedPicker } from './BedPicker';
import { SlotPicker } from './SlotPicker';
import type { Department } from './use-directory';

type Policy = { holdMinutes: number; minReferralSlotShare: number; minReferralBedShare: number };

/**
 * 号源 / 床位: which place to hold at the receiver. Seed 001 (落实好号源及床位): an up-referral
 * is accepted on a held slot or bed, so one is asked for unless it is a green channel (which
 * gets an emergency bed by itself).
 */
export function PlaceSection(props: {
  institutionId?: string;
  departmentId?: string;
  patientId?: string;
  departments: Department[];
  kind: 'SLOT' | 'BED' | 'NONE';
  placeRequired: boolean;
  greenChannel: boolean;
  policy?: Policy;
}) {
  const { institutionId, kind } = props;
  const shared = {
    institutionId: institutionId ?? '',
    departmentId: props.departmentId,
    patientId: props.patientId,
    departments: props.departments,
  };
  return (
    <>
      <Form.Item name="placeKind" label="预留方式">
        <Radio.Group
          options={[
            { value: 'SLOT', label: '门诊号源', disabled: props.greenChannel },
            { value: 'BED', label: '住院床位' },
            { value: 'NONE', label: props.greenChannel ? '系统自动分配急诊床位' : '暂不预留' },
          ]}
        />
      </Form.Item>
      {!institutionId && kind !== 'NONE' && (
        <Typography.Text type="secondary">请先选择接收机构</Typography.Text>
      )}
      {institutionId && kind !== 'NONE' && (
        <Form.Item
          name="place"
          label={kind === 'SLOT' ? '选择号源' : '选择床位'}
          rules={[
            {
              required: props.placeRequired,
              message: `上转须预留${kind === 'SLOT' ? '号源' : '床位'}（落实好号源及床位）`,
            },
          ]}
          extra={
            props.policy
              ? `提交时为本次转诊保留所选${kind === 'SLOT' ? '号源' : '床位'}，至少 ${props.policy.holdMinutes} 分钟，接收方确认后转为预约`
              : undefined
          }
        >
          {kind === 'SLOT' ? (
            <SlotPicker {...shared} minShare={props.policy?.minReferralSlotShare} />
          ) : (
            <BedPicker {...shared} minShare={props.policy?.minReferralBedShare} />
          )}
        </Form.Item>
      )}
    </>
  );
}
