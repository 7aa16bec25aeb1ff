import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { api, problemText } from '../../api/client';
import { finalReport } from './detail/types';
import { useT } from './i18n';
import { PRINT_CSS } from './print/print-css';
import { type PrintData, PrintSheet } from './print/PrintSheet';
import { loadDicomStudies } from './shared/dicom-study';
import { loadReadingCenters } from './shared/directory';
import { loadPatient } from './shared/patient';
import { useAsync } from './shared/use-async';

/** Everything the sheet names; a directory or DICOM index that is down leaves a dash, not a blank page. */
async function loadPrintData(studyId: string): Promise<PrintData | { notFinal: true }> {
  const { data: study, error } = await api.GET('/api/v1/studies/{id}', {
    params: { path: { id: studyId } },
  });
  if (!study) throw error;
  const report = finalReport(study);
  if (!report) return { notFinal: true };
  const [dicoms, centers, clinic] = await Promise.all([
    loadDicomStudies([study.studyInstanceUid]).catch(() => new Map()),
    loadReadingCenters().catch(() => []),
    api.GET('/api/v1/institutions/{id}', { params: { path: { id: study.institutionId } } }),
  ]);
  const dicom = dicoms.get(study.studyInstanceUid);
  return {
    study,
    report,
    dicom,
    patient: await loadPatient(study, dicom),
    clinicName: clinic.data?.name ?? '—',
    center: centers.find((c) => c.id === study.centerId),
  };
}

/** 打印报告: the final report on an A4 sheet; 打印 prints it without the console around it. */
export default function ReportPrintPage() {
  const { studyId = '' } = useParams();
  const navigate = useNavigate();
  const t = useT();
  const sheet = useAsync(() => loadPrintData(studyId), [studyId]);
  const data = sheet.data && !('notFinal' in sheet.data) ? sheet.data : undefined;

  // The name a "print to PDF" suggests for the file, in the language on screen.
  const title =
    data && t('docTitle', { name: data.patient.name, modality: data.study.modality ?? '' });

  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => void (document.title = before);
  }, [title]);

  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="cmc-no-print">
        <Typography.Title level={2}>{t('printTitle')}</Typography.Title>
        <Space style={{ marginBottom: 12 }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/studies/${studyId}`)}>
            {t('backToStudy')}
          </Button>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!data}
            onClick={() => window.print()}
          >
            {t('print')}
          </Button>
        </Space>
      </div>
      {sheet.loading ? (
        <Spin />
      ) : sheet.error ? (
        <ProblemAlert problem={problemText(sheet.error)} />
      ) : !data ? (
        <Alert type="warning" showIcon title={t('notFinal')} />
      ) : (
        <div className="cmc-desk">
          <PrintSheet data={data} />
        </div>
      )}
    </>
  );
}
