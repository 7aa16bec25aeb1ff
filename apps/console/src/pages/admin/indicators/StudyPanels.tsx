import { Col, Row } from 'antd';
import { ChartPanel, type ChartContent, type Loaded } from './ChartPanel';
import { DOWN_COLOR, hours, num, PRIORITIES, PRIORITY_LABELS, UP_COLOR } from './format';
import type { StudyIndicators } from './use-indicators';

/** 每万常住人口远程诊断人次 (seed 004 附件2 5(1)): the community and its district. */
function perTenThousand(s: StudyIndicators): ChartContent {
  const scopes = [
    {
      name: '本医联体',
      count: s.remoteDiagnoses,
      population: s.population,
      rate: s.remoteDiagnosesPer10kResidents,
    },
    ...(s.district
      ? [
          {
            name: `全区（${s.district.name}）`,
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
      yAxis: { type: 'value', name: '人次/万人' },
      series: [
        {
          name: '每万常住人口远程诊断人次',
          type: 'bar',
          barWidth: 60,
          data: scopes.map((x) => x.rate),
          itemStyle: { color: UP_COLOR },
          label: { show: true, position: 'top' },
        },
      ],
    },
    label: `每万常住人口远程诊断人次柱状图：${scopes
      .map((x) => `${x.name} ${num(x.rate)}（${x.count} 人次 / ${num(x.population)} 人）`)
      .join('；')}。seed 004 未给出该项的数值目标。`,
    caption: '远程影像、心电诊断人次（由其他机构的诊断中心出具终审报告）',
    columns: ['范围', '远程诊断人次', '常住人口', '每万人口'],
    rows: scopes.map((x) => [x.name, x.count, num(x.population), num(x.rate)]),
  };
}

/** 基层检查、上级诊断 patients (seed 004 附件1 6) against the seed's yearly figures. */
function primaryExam(s: StudyIndicators): ChartContent {
  const p = s.primaryExamUpperDiagnosis;
  const targetName = (t: (typeof p.targets)[number]) =>
    `${t.year} 年${t.kind === 'TARGET' ? '目标' : '指标值'} ≥${t.minPatients}`;
  return {
    option: {
      tooltip: { trigger: 'axis' },
      grid: { left: 64, right: 150, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: ['本期患者数'] },
      yAxis: {
        type: 'value',
        name: '人',
        max: (v) => Math.max(v.max, ...p.targets.map((t) => t.minPatients)),
      },
      series: [
        {
          name: '基层检查、上级诊断患者数',
          type: 'bar',
          barWidth: 80,
          data: [p.patients],
          itemStyle: { color: UP_COLOR },
          label: { show: true, position: 'top' },
          markLine: {
            symbol: 'none',
            data: p.targets.map((t) => ({ yAxis: t.minPatients, name: targetName(t) })),
            label: { formatter: '{b}', position: 'end' },
            lineStyle: { color: DOWN_COLOR, type: 'dashed' },
          },
        },
      ],
    },
    label: `基层检查、上级诊断患者数柱状图：本期 ${p.patients} 人；seed 004 年度数值：${p.targets
      .map(targetName)
      .join('，')}。`,
    caption: '"基层检查、上级诊断"患者数与 seed 004 年度指标（全区、按年）',
    columns: ['项目', '人数'],
    rows: [
      ['本期患者数', p.patients],
      ['未关联患者的检查（不计人数）', p.studiesWithoutPatient],
      ...p.targets.map((t) => [
        `${t.year} 年${t.kind === 'TARGET' ? '目标' : '指标值'}`,
        `≥${t.minPatients}`,
      ]),
    ],
  };
}

/** Turnaround (request → final report) by the priority requested, p50 and p90. */
function turnaround(s: StudyIndicators): ChartContent {
  const t = s.turnaroundMinutes;
  const series = (name: string, key: 'p50' | 'p90', color: string) => ({
    name,
    type: 'bar' as const,
    data: PRIORITIES.map((p) => hours(t[p][key])),
    itemStyle: { color },
    label: { show: true, position: 'top' as const },
  });
  return {
    option: {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (v === null ? '无数据' : `${String(v)} 小时`),
      },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: PRIORITIES.map((p) => PRIORITY_LABELS[p]) },
      yAxis: { type: 'value', name: '小时' },
      series: [series('中位数（p50）', 'p50', UP_COLOR), series('p90', 'p90', DOWN_COLOR)],
    },
    label: `按申请优先级的报告周转时间分组柱状图（小时）：${PRIORITIES.map(
      (p) =>
        `${PRIORITY_LABELS[p]} ${t[p].count} 例，p50 ${num(hours(t[p].p50))}、p90 ${num(hours(t[p].p90))}`,
    ).join('；')}。`,
    caption: '报告周转时间（分钟，从申请到终审报告；按申请时的优先级）',
    empty: PRIORITIES.every((p) => t[p].count === 0),
    columns: ['优先级', '例数', '超时', '中途升级', 'p50', 'p90', 'p99'],
    rows: PRIORITIES.map((p) => [
      PRIORITY_LABELS[p],
      t[p].count,
      t[p].breached,
      t[p].bumped,
      num(t[p].p50),
      num(t[p].p90),
      num(t[p].p99),
    ]),
  };
}

/** Horizontal bars, longest at the top, with room for Chinese institution names. */
function horizontal(names: string[], series: { name: string; data: number[]; color: string }[]) {
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 8, right: 40, top: 30, bottom: 20, containLabel: true },
    xAxis: { type: 'value' as const, minInterval: 1 },
    yAxis: { type: 'category' as const, data: names, inverse: true },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar' as const,
      data: s.data,
      itemStyle: { color: s.color },
      label: { show: true, position: 'right' as const },
    })),
  };
}

function byClinic(s: StudyIndicators): ChartContent {
  const rows = [...s.byClinic].sort((a, b) => b.submitted - a.submitted);
  return {
    option: horizontal(
      rows.map((r) => r.name),
      [
        { name: '提交申请', data: rows.map((r) => r.submitted), color: UP_COLOR },
        { name: '已出终审报告', data: rows.map((r) => r.finalized), color: DOWN_COLOR },
      ],
    ),
    label: `各机构检查量横向柱状图：${rows.map((r) => `${r.name} 提交 ${r.submitted}、终审 ${r.finalized}`).join('；') || '本期没有检查'}。`,
    caption: '各机构提交的阅片申请与终审报告数',
    empty: rows.length === 0,
    columns: ['机构', '提交申请', '已出终审报告'],
    rows: rows.map((r) => [r.name, r.submitted, r.finalized]),
  };
}

function byReader(s: StudyIndicators): ChartContent {
  const rows = [...s.byReader].sort((a, b) => b.signed - a.signed);
  return {
    option: horizontal(
      rows.map((r) => r.name),
      [{ name: '签发报告', data: rows.map((r) => r.signed), color: UP_COLOR }],
    ),
    label: `各诊断医师签发量横向柱状图：${rows.map((r) => `${r.name} ${r.signed} 份`).join('；') || '本期没有签发'}。`,
    caption: '各诊断医师签发的报告数',
    empty: rows.length === 0,
    columns: ['诊断医师', '签发报告'],
    rows: rows.map((r) => [r.name, r.signed]),
  };
}

export function StudyPanels({ studies }: { studies: Loaded<StudyIndicators> }) {
  const listHeight = (n: number) => Math.max(200, 60 + n * 36);
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="per-10k"
          title="每万常住人口远程诊断人次"
          note="seed 004 附件2 5(1) 给出计算方法，未给出数值目标；按年考核的数值目标见“基层检查、上级诊断患者数”。"
          state={studies}
          build={perTenThousand}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="primary-exam"
          title="基层检查、上级诊断患者数"
          note="seed 004 附件1 6 的指标为全区、按年计；所选期间不足一年时仅供参考。"
          state={studies}
          build={primaryExam}
        />
      </Col>
      <Col xs={24}>
        <ChartPanel
          id="turnaround"
          title="报告周转时间（按优先级）"
          state={studies}
          build={turnaround}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="by-clinic"
          title="各机构检查量"
          state={studies}
          build={byClinic}
          height={listHeight(studies.data?.byClinic.length ?? 0)}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartPanel
          id="by-reader"
          title="各诊断医师签发量"
          state={studies}
          build={byReader}
          height={listHeight(studies.data?.byReader.length ?? 0)}
        />
      </Col>
    </Row>
  );
}
