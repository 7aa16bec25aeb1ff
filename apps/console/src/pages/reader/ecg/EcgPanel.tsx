import { type KeyboardEvent, useMemo, useState } from 'react';
import { Alert, Button, Segmented, Space, Tag } from 'antd';
import { api } from '../../../api/client';
import { useLoad } from '../../../api/use-load';
import { Panel } from '../../../components/Panel';
import type { Study } from '../reading/StudyPanel';
import { PRIORITY } from '../reader-format';
import { CaliperControls, type CaliperName } from './CaliperControls';
import { detectRPeaks, rhythmOf, toMillivolts } from './ecg-analysis';
import { type Calipers, EcgChart } from './EcgChart';
import { RHYTHM_LEAD, STRIP_SECONDS } from './ecg-layout';
import { useT } from '../i18n';

type Instance = Study['instances'][number];
/** 250 Hz is plenty for the eye and for 4 ms calipers, and halves what a 500 Hz cart sends. */
const TARGET_HZ = 250;

export const isEcg = (i: Instance) =>
  i.ecg !== null || i.sopClassUid.startsWith('1.2.840.10008.5.1.4.1.1.9.');

/** The ECG viewer: 10 s of 12 leads on paper, heart rate and RR, calipers. */
export function EcgPanel({ study }: { study: Study }) {
  const instances = study.instances.filter(isEcg);
  const [instanceId, setInstanceId] = useState(instances[0]?.id);
  const [start, setStart] = useState(0);
  const instance = instances.find((i) => i.id === instanceId) ?? instances[0];
  const sourceHz = instance?.ecg?.samplingFrequency ?? 500;
  const decimate = Math.max(1, Math.floor(sourceHz / TARGET_HZ));
  const wave = useLoad(
    () =>
      api.GET('/api/v1/studies/{id}/instances/{instanceId}/ecg', {
        params: {
          path: { id: study.id, instanceId: instance!.id },
          query: { start, count: Math.ceil(sourceHz * STRIP_SECONDS), decimate },
        },
      }),
    [study.id, instance?.id, start],
  );
  const [calipers, setCalipers] = useState<Calipers>({ a: null, b: null });
  const [active, setActive] = useState<CaliperName>('a');
  const t = useT();

  const tracing = useMemo(() => {
    const groups = wave.data?.groups ?? [];
    // The group with the most named leads (a cart may add a rhythm group of fewer channels).
    const group = [...groups].sort(
      (x, y) => y.channels.filter((c) => c.lead).length - x.channels.filter((c) => c.lead).length,
    )[0];
    if (!group) return null;
    const leads: Record<string, number[]> = {};
    for (const ch of group.channels) if (ch.lead) leads[ch.lead] = toMillivolts(ch.values, ch.unit);
    const rhythm = leads[RHYTHM_LEAD] ?? Object.values(leads)[0] ?? [];
    const peaks = detectRPeaks(rhythm, group.samplingFrequency);
    return { group, leads, peaks, local: rhythmOf(peaks, group.samplingFrequency) };
  }, [wave.data]);

  if (!instance) return null;
  const m = wave.data?.measurements ?? instance.ecg;
  const hr = m?.heartRateBpm ?? tracing?.local?.heartRateBpm ?? null;
  const rr = m?.meanRrMs ?? tracing?.local?.meanRrMs ?? null;
  const source = m?.heartRateBpm != null ? t('sourceDevice') : t('sourceLocal');
  const fs = tracing?.group.samplingFrequency ?? TARGET_HZ;

  // First click sets A, the second B; a third starts a new measurement.
  const place = (t: number) => {
    const fresh = calipers.a === null || calipers.b !== null;
    setCalipers(fresh ? { a: t, b: null } : { ...calipers, b: t });
    setActive(fresh ? 'b' : 'a');
  };
  const move = (delta: number) =>
    setCalipers((c) => {
      const at = c[active] ?? (active === 'b' && c.a !== null ? c.a : 0.5);
      return { ...c, [active]: Math.min(STRIP_SECONDS, Math.max(0, at + delta)) };
    });
  const peaks = tracing?.peaks ?? [];
  const snapRR =
    peaks.length >= 2 ? () => setCalipers({ a: peaks[0] / fs, b: peaks[1] / fs }) : null;
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.04 : 0.004;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      move(e.key === 'ArrowLeft' ? -step : step);
    } else if (e.key === 'a' || e.key === 'b') setActive(e.key);
    else if (e.key === 'Escape') setCalipers({ a: null, b: null });
  };

  const total = wave.data?.groups[0]?.window.totalSamples ?? 0;
  const label = `${t('ecgLabel')}${hr ? t('ecgLabelRate', { n: Math.round(hr) }) : ''}`;
  return (
    <Panel
      title={t('ecg')}
      loading={wave.loading}
      error={wave.error}
      onRetry={wave.reload}
      extra={
        instances.length > 1 && (
          <Segmented
            aria-label={t('ecgRecord')}
            value={instance.id}
            onChange={(v) => {
              setInstanceId(String(v));
              setStart(0);
            }}
            options={instances.map((i, n) => ({ value: i.id, label: t('recordN', { n: n + 1 }) }))}
          />
        )
      }
    >
      <Space wrap size="middle" style={{ marginBottom: 8 }} data-testid="ecg-rate">
        <strong>{t('heartRate', { n: hr ? Math.round(hr) : '—' })}</strong>
        <strong>RR {rr ? Math.round(rr) : '—'} ms</strong>
        <span>{t('sourceLine', { source, n: peaks.length })}</span>
        {m?.findings.map((f) => (
          <Tag key={f.code} color={PRIORITY[f.suggestedPriority].color}>
            {f.description}
          </Tag>
        ))}
      </Space>
      {!tracing && <Alert type="warning" showIcon title={t('noLeads')} />}
      {tracing && (
        <div
          tabIndex={0}
          role="group"
          aria-label={t('ecgArea')}
          onKeyDown={onKey}
          style={{ outlineOffset: 2, overflowX: 'auto' }}
        >
          <div style={{ minWidth: 900 }}>
            <EcgChart
              leads={tracing.leads}
              fs={fs}
              label={label}
              calipers={calipers}
              onPick={place}
            />
          </div>
        </div>
      )}
      <div style={{ marginTop: 8 }}>
        <CaliperControls
          calipers={calipers}
          active={active}
          onActive={setActive}
          onMove={move}
          onSnapRR={snapRR}
          onClear={() => setCalipers({ a: null, b: null })}
        />
      </div>
      {total > Math.ceil(sourceHz * STRIP_SECONDS) && (
        <Space style={{ marginTop: 8 }}>
          <Button
            size="small"
            disabled={start === 0}
            onClick={() => setStart(Math.max(0, start - sourceHz * STRIP_SECONDS))}
          >
            {t('prev10')}
          </Button>
          <Button
            size="small"
            disabled={start + sourceHz * STRIP_SECONDS >= total}
            onClick={() => setStart(start + sourceHz * STRIP_SECONDS)}
          >
            {t('next10')}
          </Button>
        </Space>
      )}
    </Panel>
  );
}
