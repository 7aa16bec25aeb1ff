import { useState } from 'react';
import { Alert, Button, Descriptions, Form, type FormInstance, Input, Space, Tag } from 'antd';
import { type Answer, api, problemText } from '../../api/client';
import { showFieldErrors } from './form-problem';
import { useT } from './i18n';
import { RegisterPatientDialog } from './RegisterPatientDialog';
import { TONE } from './labels';

export type Patient = Answer<'/api/v1/patients/search', 'post'>[number];

/**
 * 患者: found by resident ID (the gateway matches it by keyed hash and checks GB 11643 itself,
 * so a wrong check digit comes back as a field error here), or registered on the spot.
 */
export function PatientPicker(props: {
  form: FormInstance;
  patient?: Patient;
  onPatient: (p: Patient | undefined) => void;
}) {
  const { form, patient } = props;
  // The form holds the patient's id (validated and submitted); the card shows who it is.
  const onPatient = (p: Patient | undefined) => {
    form.setFieldsValue({ patientId: p?.id });
    if (p) form.setFields([{ name: 'patientId', errors: [] }]);
    props.onPatient(p);
  };
  const [searching, setSearching] = useState(false);
  const t = useT();
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [registering, setRegistering] = useState(false);

  async function search() {
    const residentId = String(form.getFieldValue('residentId') ?? '').trim();
    onPatient(undefined);
    setNotFound(false);
    setProblem(undefined);
    if (!residentId) {
      form.setFields([{ name: 'residentId', errors: [t('enterResidentId')] }]);
      return;
    }
    setSearching(true);
    const { data, error } = await api.POST('/api/v1/patients/search', { body: { residentId } });
    setSearching(false);
    if (error) {
      if (!showFieldErrors(form, error)) setProblem(problemText(error));
      return;
    }
    form.setFields([{ name: 'residentId', errors: [] }]);
    if (data[0]) onPatient(data[0]);
    else setNotFound(true);
  }

  return (
    <>
      <Form.Item label={t('residentId')} required extra={t('residentIdHelp')}>
        <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
          <Form.Item
            name="residentId"
            noStyle
            rules={[{ required: true, message: t('enterResidentId') }]}
          >
            <Input
              aria-label={t('residentId')}
              maxLength={32}
              autoComplete="off"
              onPressEnter={(e) => {
                e.preventDefault();
                void search();
              }}
              onChange={() => patient && onPatient(undefined)}
            />
          </Form.Item>
          <Button onClick={() => void search()} loading={searching}>
            {t('find')}
          </Button>
        </Space.Compact>
      </Form.Item>
      <Form.Item
        name="patientId"
        label={t('patient')}
        rules={[{ required: true, message: t('patientRequired') }]}
      >
        <PatientCard patient={patient} />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      {notFound && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('notRegistered')}
          action={<Button onClick={() => setRegistering(true)}>{t('registerPatient')}</Button>}
        />
      )}
      <RegisterPatientDialog
        open={registering}
        residentId={String(form.getFieldValue('residentId') ?? '').trim()}
        onClose={() => setRegistering(false)}
        onRegistered={(p) => {
          setRegistering(false);
          setNotFound(false);
          onPatient(p);
        }}
        onResidentIdProblem={(error) => {
          setRegistering(false);
          showFieldErrors(form, error);
        }}
      />
    </>
  );
}

/** The chosen patient, read-only (the form item's value is the patient's id). */
function PatientCard({ patient }: { value?: string; patient?: Patient }) {
  const t = useT();
  if (!patient) return <span style={{ color: '#595959' }}>{t('notChosen')}</span>;
  return (
    <Descriptions
      size="small"
      column={4}
      data-testid="patient-card"
      items={[
        { key: 'n', label: t('name'), children: patient.name },
        { key: 's', label: t('sex'), children: patient.sex === 'male' ? t('male') : t('female') },
        { key: 'b', label: t('birthDate'), children: patient.birthDate },
        {
          key: 'f',
          label: t('signed'),
          children: patient.familyDoctorSigned ? (
            <Tag color={TONE.green}>{t('familyDoctor')}</Tag>
          ) : (
            t('no')
          ),
        },
      ]}
    />
  );
}
