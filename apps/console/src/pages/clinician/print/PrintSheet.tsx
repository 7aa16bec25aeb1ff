import { beijing, useLocale } from '../../../i18n/locale';
import type { Report, Study } from '../detail/types';
import { dicomDate, type DicomStudy } from '../shared/dicom-study';
import type { ReadingCenter } from '../shared/directory';
import { useT } from '../i18n';
import { patientIn } from '../shared/patient';
import type { PatientView } from '../shared/patient';
import { priorityLabel } from '../shared/status';

export interface PrintData {
  study: Study;
  report: Report;
  dicom?: DicomStudy;
  patient: PatientView;
  clinicName: string;
  center?: ReadingCenter;
}

/**
 * The report on an A4 sheet as Chinese hospitals print it: the reading hospital's name on top,
 * the patient and exam in a grid, findings and impression, signer and approver with their
 * times (Beijing), and the submitting clinic. Plain HTML and the print stylesheet: no app chrome.
 */
export function PrintSheet({ data }: { data: PrintData }) {
  const { study, report, dicom, clinicName, center } = data;
  const t = useT();
  const { lang } = useLocale();
  const patient = patientIn(data.patient, lang);
  const hospital = center?.institutionName ?? t('remoteCenter');
  const kind = center?.kind === 'ECG_CENTER' ? t('ecgReport') : t('imagingReport');
  return (
    <article className="cmc-sheet" data-testid="print-sheet" aria-label={t('sheetAria')}>
      <header className="cmc-sheet-head">
        <div className="cmc-hospital">{hospital}</div>
        <div className="cmc-title">
          {center?.name ? `${center.name} · ` : ''}
          {kind}
        </div>
        <div className="cmc-sub">{t('sheetSub', { clinic: clinicName })}</div>
      </header>
      <table className="cmc-grid">
        <tbody>
          <tr>
            <th scope="row">{t('name')}</th>
            <td data-testid="print-patient">{patient.name}</td>
            <th scope="row">{t('sex')}</th>
            <td>{patient.sex}</td>
            <th scope="row">{t('age')}</th>
            <td>{patient.age}</td>
          </tr>
          <tr>
            <th scope="row">{t('birthDate')}</th>
            <td>{patient.birthDate}</td>
            <th scope="row">{patient.idLabel}</th>
            <td colSpan={3}>{patient.id}</td>
          </tr>
          <tr>
            <th scope="row">{t('modality')}</th>
            <td>{study.modality ?? '—'}</td>
            <th scope="row">{t('examItem')}</th>
            <td>{dicom?.studyDescription || '—'}</td>
            <th scope="row">{t('studyDate')}</th>
            <td>{dicomDate(dicom?.studyDate ?? '')}</td>
          </tr>
          <tr>
            <th scope="row">{t('requestTime')}</th>
            <td>{beijing(study.requestedAt)}</td>
            <th scope="row">{t('priority')}</th>
            <td>{study.priority ? priorityLabel(study.priority, lang) : '—'}</td>
            <th scope="row">{t('instanceCount')}</th>
            <td>{study.instanceCount}</td>
          </tr>
          <tr>
            <th scope="row">{t('history')}</th>
            <td colSpan={5}>{study.clinicalHistory ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">{t('question')}</th>
            <td colSpan={5}>{study.question ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <section className="cmc-section">
        <h3>{center?.kind === 'ECG_CENTER' ? t('ecgFindings') : t('findings')}</h3>
        <p className="cmc-text">{report.findings}</p>
      </section>
      <section className="cmc-section">
        <h3>{t('impression')}</h3>
        <p className="cmc-text cmc-impression" data-testid="print-impression">
          {report.impression}
        </p>
      </section>
      {report.amendReason && (
        <section className="cmc-section">
          <h3>{t('amendNote', { v: report.version })}</h3>
          <p className="cmc-text">{report.amendReason}</p>
        </section>
      )}
      <footer className="cmc-sign">
        <div>
          {t('signer')}
          <strong data-testid="print-signer">{report.authorName}</strong>
          <span className="cmc-time">{beijing(report.signedAt)}</span>
        </div>
        <div>
          {t('approverColon')}
          <strong data-testid="print-approver">{report.approvedByName ?? '—'}</strong>
          <span className="cmc-time">{beijing(report.approvedAt)}</span>
        </div>
        <div className="cmc-note">{t('printNote', { at: beijing(new Date().toISOString()) })}</div>
      </footer>
    </article>
  );
}
