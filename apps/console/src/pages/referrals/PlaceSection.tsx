import { Form, Radio, Typography } from 'antd';
import { BedPicker } from './BedPicker';
import { SlotPicker } from './SlotPicker';
import type { Department } from './use-directory';
import { useT } from './i18n';

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
  const t = useT();
  const what = kind === 'SLOT' ? t('slot').trim() : t('bed').trim();
  const shared = {
    institutionId: institutionId ?? '',
    departmentId: props.departmentId,
    patientId: props.patientId,
    departments: props.departments,
  };
  return (
    <>
      <Form.Item name="placeKind" label={t('holdKind')}>
        <Radio.Group
          options={[
            { value: 'SLOT', label: t('outpatientSlot'), disabled: props.greenChannel },
            { value: 'BED', label: t('inpatientBed') },
            { value: 'NONE', label: props.greenChannel ? t('autoEmergencyBed') : t('noHoldYet') },
          ]}
        />
      </Form.Item>
      {!institutionId && kind !== 'NONE' && (
        <Typography.Text type="secondary">{t('chooseReceiverFirst')}</Typography.Text>
      )}
      {institutionId && kind !== 'NONE' && (
        <Form.Item
          name="place"
          label={kind === 'SLOT' ? t('chooseSlot') : t('chooseBed')}
          rules={[
            {
              required: props.placeRequired,
              message: t('placeRequired', { kind: what }),
            },
          ]}
          extra={
            props.policy ? t('placeHelp', { kind: what, n: props.policy.holdMinutes }) : undefined
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
