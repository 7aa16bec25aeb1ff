import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Input, Form, Popconfirm, Space } from 'antd';
import { Panel } from '../../../components/Panel';
import { useSession } from '../../../session/session';
import type { Study } from '../reading/StudyPanel';
import { ReasonDialog } from './ReasonDialog';
import { ReportEditor, type ReportText } from './ReportEditor';
import { ReportHistory, ReportView } from './ReportHistory';
import { useReportActions } from './use-report-actions';
import { useUnsavedGuard } from './use-unsaved-guard';
import { useT } from '../i18n';
import { ProblemAlert } from '../../../components/ProblemAlert';

const EMPTY: ReportText = { findings: '', impression: '' };
const SEND_BACK = [
  '图像质量不佳（运动伪影），请重新检查',
  '扫描范围不完整，请补充扫描',
  '申请单信息不全，请补充病史后再申请',
];

/**
 * The report: written while the reader holds the lease (draft, sign), approved by a senior
 * reader when preliminary, amended with a reason once final; its versions below.
 */
export function ReportPanel(props: {
  study: Study;
  held: boolean;
  requiresApproval: boolean | undefined;
  onStudy: (s: Study) => void;
  onTextChange: (t: ReportText) => void;
}) {
  const { study } = props;
  const { actor, hasRole } = useSession();
  const actions = useReportActions(study.id, props.onStudy);
  const t = useT();
  const reports = useMemo(
    () => [...study.reports].sort((a, b) => b.version - a.version),
    [study.reports],
  );
  const myDraft = reports.find((r) => r.status === 'DRAFT' && r.authorId === actor.id);
  const current = reports.find((r) => r.status === 'PRELIMINARY' || r.status === 'FINAL');
  // Only the two texts: the API takes exactly these in a draft.
  const draftText = myDraft && { findings: myDraft.findings, impression: myDraft.impression };
  const [text, setText] = useState<ReportText>(draftText ?? EMPTY);
  const [stored, setStored] = useState<ReportText | null>(draftText ?? null);
  const [amending, setAmending] = useState<{ reason: string } | null>(null);
  const [sendingBack, setSendingBack] = useState(false);
  const [touched, setTouched] = useState(false);
  const unsaved =
    !stored || stored.findings !== text.findings || stored.impression !== text.impression;
  const readsHere = !!study.centerId && actor.centerIds.includes(study.centerId);
  const writing = props.held || amending !== null;
  useUnsavedGuard(writing && unsaved && (text.findings + text.impression).trim() !== '');
  useEffect(() => props.onTextChange(text), [text]);

  const errors = touched
    ? {
        findings: text.findings.trim() ? undefined : t('needFindings'),
        impression: text.impression.trim() ? undefined : t('needImpression'),
      }
    : {};
  const valid = () => {
    setTouched(true);
    return !!(text.findings.trim() && text.impression.trim());
  };
  const saveDraft = async () => {
    if (valid() && (await actions.saveDraft(text))) setStored(text);
  };
  const sign = async () => {
    if (valid() && (await actions.sign(text, unsaved))) setStored(text);
  };
  const amend = async () => {
    if (!valid() || !amending?.reason.trim()) return setTouched(true);
    if (await actions.amend(text, amending.reason.trim())) setAmending(null);
  };
  const pendingMine = current?.status === 'PRELIMINARY' && current.authorId === actor.id;

  return (
    <Panel title={t('report')}>
      <ProblemAlert problem={actions.error} style={{ marginBottom: 12 }} />
      {writing ? (
        <>
          <ReportEditor
            value={text}
            onChange={setText}
            modality={study.modality}
            measured={study.instances.find((i) => i.ecg)?.ecg ?? {}}
            errors={errors}
          />
          {amending && (
            <Form layout="vertical" component="div">
              <Form.Item
                label={t('amendReason')}
                htmlFor="amend-reason"
                required
                validateStatus={touched && !amending.reason.trim() ? 'error' : undefined}
                help={touched && !amending.reason.trim() ? t('needAmendReason') : undefined}
              >
                <Input.TextArea
                  id="amend-reason"
                  maxLength={1000}
                  value={amending.reason}
                  onChange={(e) => setAmending({ reason: e.target.value })}
                />
              </Form.Item>
            </Form>
          )}
          <Space wrap>
            {amending ? (
              <>
                <Button
                  type="primary"
                  loading={actions.busy === 'amend'}
                  onClick={() => void amend()}
                >
                  {t('submitAmend')}
                </Button>
                <Button onClick={() => setAmending(null)}>{t('cancelAmend')}</Button>
              </>
            ) : (
              <>
                <Button loading={actions.busy === 'draft'} onClick={() => void saveDraft()}>
                  {t('saveDraft')}
                </Button>
                <Popconfirm
                  title={t('signQ')}
                  description={props.requiresApproval === false ? t('signFinal') : t('signReview')}
                  okText={t('signOk')}
                  cancelText={t('cancel')}
                  onConfirm={() => void sign()}
                >
                  <Button
                    type="primary"
                    loading={actions.busy === 'sign' || actions.busy === 'draft'}
                  >
                    {t('signSubmit')}
                  </Button>
                </Popconfirm>
                <Button danger onClick={() => setSendingBack(true)}>
                  {t('sendBack')}
                </Button>
                {stored && !unsaved && <span>{t('draftSaved')}</span>}
                {unsaved && (text.findings + text.impression).trim() !== '' && (
                  <span>{t('unsaved')}</span>
                )}
              </>
            )}
          </Space>
        </>
      ) : current ? (
        <ReportView report={current} />
      ) : (
        <Alert
          type="info"
          showIcon
          title={study.status === 'QUEUED' ? t('claimToWrite') : t('noSigned')}
        />
      )}
      {!writing && (
        <Space wrap style={{ marginTop: 12 }}>
          {study.status === 'PRELIMINARY' &&
            hasRole('senior_reader') &&
            readsHere &&
            !pendingMine && (
              <Popconfirm
                title={t('approveQ')}
                description={t('approveHint')}
                okText={t('approveOk')}
                cancelText={t('cancel')}
                onConfirm={() => void actions.approve()}
              >
                <Button type="primary" loading={actions.busy === 'approve'}>
                  {t('approveBtn')}
                </Button>
              </Popconfirm>
            )}
          {pendingMine && hasRole('senior_reader') && <span>{t('ownNeedsOther')}</span>}
          {study.status === 'FINAL' && readsHere && current && (
            <Button
              onClick={() => {
                setText({ findings: current.findings, impression: current.impression });
                setTouched(false);
                setAmending({ reason: '' });
              }}
            >
              {t('amendBtn')}
            </Button>
          )}
        </Space>
      )}
      <ReportHistory reports={reports.filter((r) => r !== myDraft && (writing || r !== current))} />
      {sendingBack && (
        <ReasonDialog
          title={t('sendBackTitle')}
          label={t('sendBackReason')}
          okText={t('sendBackOk')}
          danger
          maxLength={1000}
          suggestions={SEND_BACK}
          onSubmit={actions.sendBack}
          onClose={() => setSendingBack(false)}
        />
      )}
    </Panel>
  );
}
