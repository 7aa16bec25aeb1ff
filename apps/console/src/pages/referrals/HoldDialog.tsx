import { useState } from 'react';
import { Form, Modal, Radio } from 'antd';
import { api, problemText } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { BedPicker } from './BedPicker';
import type { ReferralDetail } from './labels';
import { SlotPicker } from './SlotPicker';
import { useDepartments } from './use-directory';
import { useT } from './i18n';
import { ProblemAlert } from '../../components/ProblemAlert';

/**
 * 重新保留: a hold that ran out before the receiver answered must be made again by the sender
 * (an acceptance after it expired is refused with 409).
 */
export function HoldDialog(props: {
  open: boolean;
  referral: ReferralDetail;
  onClose: () => void;
  onHeld: () => void;
}) {
  const r = props.referral;
  const t = useT();
  const [kind, setKind] = useState<'SLOT' | 'BED'>('SLOT');
  const [place, setPlace] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const departments = useDepartments(props.open ? r.toInstitutionId : undefined);
  const policy = useLoad(() => api.GET('/api/v1/referral-policy'), []);

  async function hold() {
    if (!place)
      return setProblem(
        t('choosePlace', { kind: (kind === 'SLOT' ? t('slot') : t('bed')).trim() }),
      );
    setBusy(true);
    const { error } = await api.POST('/api/v1/referrals/{id}/hold', {
      params: { path: { id: r.id } },
      body: kind === 'SLOT' ? { kind, slotId: place } : { kind, bedId: place },
    });
    setBusy(false);
    if (error) return setProblem(problemText(error));
    setPlace(undefined);
    setProblem(undefined);
    props.onHeld();
  }

  const shared = {
    institutionId: r.toInstitutionId,
    departmentId: r.toDepartmentId ?? undefined,
    departments: departments.list,
    value: place,
    onChange: setPlace,
  };
  return (
    <Modal
      open={props.open}
      title={t('rehold')}
      okText={t('holdOk')}
      cancelText={t('cancel')}
      width={900}
      confirmLoading={busy}
      onOk={() => void hold()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('holdKind')}>
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setPlace(undefined);
            }}
            options={[
              { value: 'SLOT', label: t('outpatientSlot') },
              { value: 'BED', label: t('inpatientBed') },
            ]}
          />
        </Form.Item>
        {kind === 'SLOT' ? (
          <SlotPicker {...shared} minShare={policy.data?.minReferralSlotShare} />
        ) : (
          <BedPicker {...shared} minShare={policy.data?.minReferralBedShare} />
        )}
        <ProblemAlert problem={problem} style={{ marginTop: 12 }} />
      </Form>
    </Modal>
  );
}
