import { Col, Row } from 'antd';
import { ChartPanel, type ChartContent, type Loaded } from './ChartPanel';
import { bars, horizontal, hoursTooltip } from './chart-parts';
import { DOWN_COLOR, hours, num, PRIORITIES, UP_COLOR } from './format';
import type { StudyIndicators } from './use-indicators';
import { type T, useT } from '../i18n';

const priorityLabel = (t: T, p: (typeof PRIORITIES)[number]) => t(`priority${p}`);

/** 每万常住人口远程诊断人次 (seed 004 附件2 5(1)): the community and its district. */
function perTenThousand(s: StudyIndicators, t: T): ChartContent {
  const scopes = [
    {
      name: t('ownCommunity'),
      count: s.remoteDiagnoses,
      population: s.population,
      rate: s.remoteDiagnosesPer10kResidents,
    },
    ...(s.district
      ? [
          {
            name: t('wholeDistrict', { name: s.district.name }),
            count: s.district.remoteDiagnoses,
            population: s.district.population,
            rate: s.district.per10kResidents,
          },
        ]
      : []),
  ];
  return {
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: scopes.map((x) => x.name) },
      yAxis: { type: 'value', name: t('per10kAxis') },
      series: [
        {
          name: t('per10kTitle'),
          type: 'bar',
          barWidth: 60,
          data: scopes.map((x) => x.rate),
          itemStyle: { color: UP_COLOR },
          label: { show: true, position: 'top' },
        },
      ],
    },
    label: t('per10kLabel', {
      scopes: scopes
        .map((x) =>
          t('per10kScope', {
            name: x.name,
            rate: num(x.rate),
            count: x.count,
            pop: num(x.population),
          }),
        )
        .join(t('partSep')),
    }),
    caption: t('per10kCaption'),
    columns: [t('scope'), t('remoteCount'), t('population'), t('per10k')],
    rows: scopes.map((x) => [x.name, x.count, num(x.population), num(x.rate)]),
  };
}

/** 基层检查、上级诊断 patients (seed 004 附件1 6) against the seed's yearly figures. */
function primaryExam(s: StudyIndicators, t: T): ChartContent {
  const p = s.primaryExamUpperDiagnosis;
  const kind = (x: (typeof p.targets)[number]) =>
    x.kind === 'TARGET' ? t('target') : t('indicatorValue');
  const targetName = (x: (typeof p.targets)[number]) =>
    t('targetName', { year: x.year, kind: kind(x), min: x.minPatients });
  return {
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 150, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: [t('patientsThisPeriod')] },
      yAxis: {
        type: 'value',
        name: t('personsAxis'),
        max: (v) => Math.max(v.max, ...p.targets.map((x) => x.minPatients)),
      },
      series: [
        {
          name: t('primaryTitle'),
          type: 'bar',
          barWidth: 80,
          data: [p.patients],
          itemStyle: { color: UP_COLOR },
          label: { show: true, position: 'top' },
          markLine: {
            symbol: 'none',
            data: p.targets.map((x) => ({ yAxis: x.minPatients, name: targetName(x) })),
            label: { formatter: '{b}', position: 'end' },
            lineStyle: { color: DOWN_COLOR, type: 'dashed' },
          },
        },
      ],
    },
    label: t('primaryLabel', {
      n: p.patients,
      targets: p.targets.map(targetName).join(t('listSep')),
    }),
    caption: t('primaryCaption'),
    columns: [t('item'), t('persons')],
    rows: [
      [t('patientsThisPeriod'), p.patients],
      [t('studiesWithoutPatient'), p.studiesWithoutPatient],
      ...p.targets.map((x) => [
        t('targetRow', { year: x.year, kind: kind(x) }),
        `≥${x.minPatients}`,
      ]),
    ],
  };
}

/** Turnaround (request → final report) by the priority requested, p50 and p90. */
function turnaround(s: StudyIndicators, t: T): ChartContent {
  const m = s.turnaroundMinutes;
  const series = (name: string, key: 'p50' | 'p90', color: string) =>
    bars(
      name,
      PRIORITIES.map((p) => hours(m[p][key])),
      color,
    );
  return {
    option: {
      tooltip: hoursTooltip(t),
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: PRIORITIES.map((p) => priorityLabel(t, p)) },
      yAxis: { type: 'value', name: t('hoursAxis') },
      series: [series(t('median'), 'p50', UP_COLOR), series('p90', 'p90', DOWN_COLOR)],
    },
    label: t('turnaroundLabel', {
      parts: PRIORITIES.map((p) =>
        t('turnaroundPart', {
          p: priorityLabel(t, p),
          n: m[p].count,
          p50: num(hours(m[p].p50)),
          p90: num(hours(m[p].p90)),
        }),
      ).join(t('partSep')),
    }),
    caption: t('turnaroundCaption'),
    empty: PRIORITIES.every((p) => m[p].count === 0),
    columns: [t('priority'), t('count'), t('breached'), t('bumped'), 'p50', 'p90', 'p99'],
    rows: PRIORITIES.map((p) => [
      priorityLabel(t, p),
      m[p].count,
      m[p].breached,
      m[p].bumped,
      num(m[p].p50),
      num(m[p].p90),
      num(m[p].p99),
    ]),
  };
}

function byClinic(s: StudyIndicators, t: T): ChartContent {
  const rows = [...s.byClinic].sort((a, b) => b.submitted - a.submitted);
  return {
    option: horizontal(
      rows.map((r) => r.name),
      [
        { name: t('submitted'), data: rows.map((r) => r.submitted), color: UP_COLOR },
        { name: t('finalized'), data: rows.map((r) => r.finalized), color: DOWN_COLOR },
      ],
    ),
    label: t('byClinicLabel', {
      parts:
        rows
          .map((r) => t('byClinicPart', { name: r.name, s: r.submitted, f: r.finalized }))
          .join(t('partSep')) || t('noStudies'),
    }),
    caption: t('byClinicCaption'),
    empty: rows.length === 0,
    columns: [t('institution'), t('submitted'), t('finalized')],
    rows: rows.map((r) => [r.name, r.submitted, r.finalized]),
  };
}

function byReader(s: StudyIndicators, t: T): ChartContent {
  const rows = [...s.byReader].sort((a, b) => b.signed - a.signed);
  return {
    option: horizontal(
      rows.map((r) => r.name),
      [{ name: t('signed'), data: rows.map((r) => r.signed), color: UP_COLOR }],
    ),
    label: t('byReaderLabel', {
      parts:
        rows.map((r) => t('byReaderPart', { name: r.name, n: r.signed })).join(t('partSep')) ||
        t('noSigned'),
    }),
    caption: t('byReaderCaption'),
    empty: rows.length === 0,
    columns: [t('reader'), t('signed')],
    rows: rows.map((r) => [r.name, r.signed]),
  };
}

export function StudyPanels({ studies }: { studies: Loaded<StudyIndicators> }) {
  const listHeight = (n: number) => Math.max(200, 60 + n * 36);
  const t = useT();
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="per-10k"
          title={t('per10kTitle')}
          note={t('per10kNote')}
          state={studies}
          build={(d) => perTenThousand(d, t)}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="primary-exam"
          title={t('primaryTitle')}
          note={t('primaryNote')}
          state={studies}
          build={(d) => primaryExam(d, t)}
        />
      </Col>
      <Col xs={24}>
        <ChartPanel
          id="turnaround"
          title={t('turnaroundTitle')}
          state={studies}
          build={(d) => turnaround(d, t)}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="by-clinic"
          title={t('byClinicTitle')}
          state={studies}
          build={(d) => byClinic(d, t)}
          height={listHeight(studies.data?.byClinic.length ?? 0)}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="by-reader"
          title={t('byReaderTitle')}
          state={studies}
          build={(d) => byReader(d, t)}
          height={listHeight(studies.data?.byReader.length ?? 0)}
        />
      </Col>
    </Row>
  );
}
