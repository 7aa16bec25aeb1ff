import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Form, Result, Typography } from 'antd';
import { type Answer, api, type BodyOf, problemText } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { Panel } from '../../components/Panel';
import { beijing } from '../../i18n/locale';
import { useSession } from '../../session/session';
import { parseCodes } from './catalog-check';
import { useCatalogVerdict } from './DiagnosisCheck';
import { showFieldErrors } from './form-problem';
import { useT } from './i18n';
import { useLabels } from './labels';
import { type Patient, PatientPicker } from './PatientPicker';
import { PlaceSection } from './PlaceSection';
import { ReferralFields } from './ReferralFields';
import { useDepartments, useInstitutions } from './use-directory';
import { ProblemAlert } from '../../components/ProblemAlert';

type Created = Answer<'/api/v1/referrals', 'post'>;
interface Values {
  direction: 'UP' | 'DOWN';
  toInstitutionId?: string;
  toDepartmentId?: string;
  residentId?: string;
  patientId?: string;
  codes?: string;
  reason?: string;
  clinicalSummary?: string;
  urgency: 'ROUTINE' | 'URGENT' | 'EMERGENCY';
  greenChannel?: BodyOf<'/api/v1/referrals', 'post'>['greenChannel'];
  justification?: string;
  placeKind: 'SLOT' | 'BED' | 'NONE';
  place?: string;
}

/** 发起转诊: patient, receiver, diagnoses checked against the catalog, a held slot or bed. */
export default function NewReferralPage() {
  const { actor } = useSession();
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [patient, setPatient] = useState<Patient>();
  const [problem, setProblem] = useState<string>();
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<Created>();
  const institutions = useInstitutions();
  const catalog = useLoad(() => api.GET('/api/v1/referral-catalog'), []);
  const policy = useLoad(() => api.GET('/api/v1/referral-policy'), []);
  const own = institutions.byId.get(actor.institutionId);

  const direction = Form.useWatch('direction', form) ?? 'UP';
  const toInstitutionId = Form.useWatch('toInstitutionId', form);
  const toDepartmentId = Form.useWatch('toDepartmentId', form);
  const greenChannel = Form.useWatch('greenChannel', form);
  const placeKind = Form.useWatch('placeKind', form) ?? 'SLOT';
  const verdict = useCatalogVerdict(catalog.data, direction, Form.useWatch('codes', form));
  const departments = useDepartments(toInstitutionId);
  // Seed 001 四（二）: up goes to a higher level than the sender, down to a lower one.
  const receivers = useMemo(
    () =>
      institutions.list.filter(
        (i) => own && (direction === 'UP' ? i.level > own.level : i.level < own.level),
      ),
    [institutions.list, own, direction],
  );

  function chooseDirection(d: 'UP' | 'DOWN') {
    form.setFieldsValue({
      direction: d,
      toInstitutionId: undefined,
      toDepartmentId: undefined,
      place: undefined,
      greenChannel: undefined,
      placeKind: d === 'UP' ? 'SLOT' : 'NONE',
    });
  }

  // The lead hospital refers down by default, once it is known who is asking (only the level
  // matters: the form and chooseDirection do not change what this does).
  const ownLevel = own?.level;
  useEffect(() => {
    if (ownLevel !== undefined && ownLevel >= 3 && !form.isFieldTouched('direction'))
      chooseDirection('DOWN');
  }, [ownLevel]);

  async function submit(v: Values) {
    setProblem(undefined);
    setSending(true);
    const hold =
      v.placeKind === 'SLOT' && v.place
        ? { kind: 'SLOT' as const, slotId: v.place }
        : v.placeKind === 'BED' && v.place
          ? { kind: 'BED' as const, bedId: v.place }
          : undefined;
    const { data, error } = await api.POST('/api/v1/referrals', {
      body: {
        direction: v.direction,
        toInstitutionId: v.toInstitutionId!,
        toDepartmentId: v.toDepartmentId,
        patientId: v.patientId!,
        diagnoses: parseCodes(v.codes),
        reason: v.reason!.trim(),
        clinicalSummary: v.clinicalSummary?.trim() || undefined,
        urgency: v.greenChannel ? 'EMERGENCY' : v.urgency,
        greenChannel: v.direction === 'UP' ? v.greenChannel : undefined,
        justification: v.justification?.trim() || undefined,
        hold,
      },
    });
    setSending(false);
    if (data) return setCreated(data);
    showFieldErrors(form, error, {
      'hold.slotId': 'place',
      'hold.bedId': 'place',
      diagnoses: 'codes',
    });
    setProblem(problemText(error));
  }

  if (created)
    return (
      <>
        <Sent
          referral={created}
          nameOf={institutions.nameOf}
          onAgain={() => {
            setCreated(undefined);
            setPatient(undefined);
            form.resetFields();
          }}
        />
      </>
    );

  return (
    <>
      <Typography.Title level={2}>{t('newReferral')}</Typography.Title>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        initialValues={{ direction: 'UP', urgency: 'ROUTINE', placeKind: 'SLOT' }}
        onValuesChange={(changed: Partial<Values>) => {
          if ('direction' in changed) chooseDirection(changed.direction!);
          if ('toDepartmentId' in changed || 'placeKind' in changed)
            form.setFieldsValue({ place: undefined });
          // A green channel gets an emergency bed by itself (or the bed chosen), not a slot.
          if (changed.greenChannel && form.getFieldValue('placeKind') === 'SLOT')
            form.setFieldsValue({ placeKind: 'NONE', place: undefined });
        }}
      >
        <Panel title={t('panelPatient')}>
          <PatientPicker form={form} patient={patient} onPatient={setPatient} />
        </Panel>
        <Panel title={t('panelReferral')} error={institutions.error} onRetry={institutions.reload}>
          <ReferralFields
            receivers={receivers}
            departments={departments.list}
            direction={direction}
            greenChannel={greenChannel}
            verdict={verdict}
            catalog={catalog}
            emergencyHoldMinutes={policy.data?.emergencyHoldMinutes}
            onInstitutionChange={() =>
              form.setFieldsValue({ toDepartmentId: undefined, place: undefined })
            }
          />
        </Panel>
        <Panel title={t('panelPlace')}>
          <PlaceSection
            institutionId={toInstitutionId}
            departmentId={toDepartmentId}
            patientId={patient?.id}
            departments={departments.list}
            kind={placeKind}
            placeRequired={direction === 'UP' && !greenChannel}
            greenChannel={!!greenChannel}
            policy={policy.data}
          />
        </Panel>
        <ProblemAlert problem={problem} style={{ marginBottom: 16 }} />
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          loading={sending}
          danger={!!greenChannel}
        >
          {greenChannel ? t('submitGreen') : t('submit')}
        </Button>
      </Form>
    </>
  );
}

/** What was sent: its status, and the held place with when the hold runs out. */
function Sent(props: { referral: Created; nameOf: (id: string) => string; onAgain: () => void }) {
  const navigate = useNavigate();
  const t = useT();
  const { RESERVATION, STATUS } = useLabels();
  const r = props.referral;
  const hold = r.reservation;
  return (
    <>
      <Typography.Title level={2}>{t('newReferral')}</Typography.Title>
      <Result
        status="success"
        title={t('sentTitleResult', { status: STATUS[r.status].label })}
        subTitle={
          <span data-testid="sent-summary">
            {t('sentReceiver', { name: props.nameOf(r.toInstitutionId) })}
            {hold
              ? `${t('sentHold', {
                  kind: hold.kind === 'SLOT' ? t('slot') : t('bed'),
                  status: RESERVATION[hold.status] ?? hold.status,
                })}${hold.startsAt ? t('sentVisit', { at: beijing(hold.startsAt) }) : ''}${
                  hold.expiresAt && hold.status === 'HELD'
                    ? t('sentHeldUntil', { at: beijing(hold.expiresAt) })
                    : ''
                }`
              : t('sentNoHold')}
            {r.outOfCatalog ? t('sentOutOfCatalog') : ''}
          </span>
        }
        extra={[
          <Button key="list" type="primary" onClick={() => navigate('/referrals')}>
            {t('viewList')}
          </Button>,
          <Button key="again" onClick={props.onAgain}>
            {t('again')}
          </Button>,
        ]}
      />
    </>
  );
}
