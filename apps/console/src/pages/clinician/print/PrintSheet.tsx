import { beijing } from '../../../i18n/locale';
import type { Report, Study } from '../detail/types';
import { dicomDate, type DicomStudy } from '../shared/dicom-study';
import type { ReadingCenter } from '../shared/directory';
import type { PatientView } from '../shared/patient';
import { PRIORITY } from '../shared/status';

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
  const { study, report, dicom, patient, clinicName, center } = data;
  const hospital = center?.institutionName ?? '远程诊断中心';
  const kind = center?.kind === 'ECG_CENTER' ? '心电图诊断报告' : '影像诊断报告';
  return (
    <article className="cmc-sheet" data-testid="print-sheet" aria-label="诊断报告">
      <header className="cmc-sheet-head">
        <div className="cmc-hospital">{hospital}</div>
        <div className="cmc-title">
          {center?.name ? `${center.name} · ` : ''}
          {kind}
        </div>
        <div className="cmc-sub">远程诊断 · 申请机构：{clinicName}</div>
      </header>
      <table className="cmc-grid">
        <tbody>
          <tr>
            <th scope="row">姓名</th>
            <td data-testid="print-patient">{patient.name}</td>
            <th scope="row">性别</th>
            <td>{patient.sex}</td>
            <th scope="row">年龄</th>
            <td>{patient.age}</td>
          </tr>
          <tr>
            <th scope="row">出生日期</th>
            <td>{patient.birthDate}</td>
            <th scope="row">{patient.idLabel}</th>
            <td colSpan={3}>{patient.id}</td>
          </tr>
          <tr>
            <th scope="row">检查类型</th>
            <td>{study.modality ?? '—'}</td>
            <th scope="row">检查项目</th>
            <td>{dicom?.studyDescription || '—'}</td>
            <th scope="row">检查日期</th>
            <td>{dicomDate(dicom?.studyDate ?? '')}</td>
          </tr>
          <tr>
            <th scope="row">申请时间</th>
            <td>{beijing(study.requestedAt)}</td>
            <th scope="row">优先级</th>
            <td>{study.priority ? PRIORITY[study.priority].label : '—'}</td>
            <th scope="row">影像数</th>
            <td>{study.instanceCount}</td>
          </tr>
          <tr>
            <th scope="row">临床病史</th>
            <td colSpan={5}>{study.clinicalHistory ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">检查目的</th>
            <td colSpan={5}>{study.question ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <section className="cmc-section">
        <h3>{center?.kind === 'ECG_CENTER' ? '心电图所见' : '影像所见'}</h3>
        <p className="cmc-text">{report.findings}</p>
      </section>
      <section className="cmc-section">
        <h3>诊断意见</h3>
        <p className="cmc-text cmc-impression" data-testid="print-impression">
          {report.impression}
        </p>
      </section>
      {report.amendReason && (
        <section className="cmc-section">
          <h3>修订说明（第 {report.version} 版）</h3>
          <p className="cmc-text">{report.amendReason}</p>
        </section>
      )}
      <footer className="cmc-sign">
        <div>
          报告医师：<strong data-testid="print-signer">{report.authorName}</strong>
          <span className="cmc-time">{beijing(report.signedAt)}</span>
        </div>
        <div>
          审核医师：<strong data-testid="print-approver">{report.approvedByName ?? '—'}</strong>
          <span className="cmc-time">{beijing(report.approvedAt)}</span>
        </div>
        <div className="cmc-note">
          本报告仅供临床参考，以审核医师签发的终审报告为准。打印时间{' '}
          {beijing(new Date().toISOString())}（北京时间）
        </div>
      </footer>
    </article>
  );
}
