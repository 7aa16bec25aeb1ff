import { useState } from 'react';
import { Alert, Button, Descriptions, Form, type FormInstance, Input, Space, Tag } from 'antd';
import { type Answer, api, problemText } from '../../api/client';
import { showFieldErrors } from './form-problem';
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
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [registering, setRegistering] = useState(false);

  async function search() {
    const residentId = String(form.getFieldValue('residentId') ?? '').trim();
    onPatient(undefined);
    setNotFound(false);
    setProblem(undefined);
    if (!residentId) {
      form.setFields([{ name: 'residentId', errors: ['请输入居民身份证号'] }]);
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
      <Form.Item
        label="居民身份证号"
        required
        extra="输入后按回车或点“查找”；未登记的患者可当场登记"
      >
        <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
          <Form.Item
            name="residentId"
            noStyle
            rules={[{ required: true, message: '请输入居民身份证号' }]}
          >
            <Input
              aria-label="居民身份证号"
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
            查找
          </Button>
        </Space.Compact>
      </Form.Item>
      <Form.Item
        name="patientId"
        label="患者"
        rules={[{ required: true, message: '请先查找或登记患者' }]}
      >
        <PatientCard patient={patient} />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      {notFound && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="本医共体未登记该居民"
          action={<Button onClick={() => setRegistering(true)}>登记新患者</Button>}
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
  if (!patient) return <span style={{ color: '#595959' }}>尚未选择</span>;
  return (
    <Descriptions
      size="small"
      column={4}
      data-testid="patient-card"
      items={[
        { key: 'n', label: '姓名', children: patient.name },
        { key: 's', label: '性别', children: patient.sex === 'male' ? '男' : '女' },
        { key: 'b', label: '出生日期', children: patient.birthDate },
        {
          key: 'f',
          label: '签约',
          children: patient.familyDoctorSigned ? <Tag color={TONE.green}>家庭医生签约</Tag> : '否',
        },
      ]}
    />
  );
}
