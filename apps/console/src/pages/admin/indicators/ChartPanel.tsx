import type { ReactNode } from 'react';
import { Typography } from 'antd';
import type * as echarts from 'echarts';
import { Panel } from '../../../components/Panel';
import { EChart } from './EChart';
import { NumbersTable } from './NumbersTable';
import { useT } from '../i18n';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Two loads as one: a panel that needs both shows either's failure. */
export function both<A, B>(a: Loaded<A>, b: Loaded<B>): Loaded<[A, B]> {
  return {
    data: a.data !== undefined && b.data !== undefined ? [a.data, b.data] : undefined,
    error: a.error ?? b.error,
    loading: a.loading || b.loading,
    reload: () => {
      a.reload();
      b.reload();
    },
  };
}

export interface ChartContent {
  option: echarts.EChartsOption;
  /** What the chart shows, in a sentence or two, for screen readers. */
  label: string;
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  /** Nothing to draw in the period: the chart says so in its middle. */
  empty?: boolean;
}

const EMPTY_TITLE = {
  left: 'center',
  top: 'middle',
  textStyle: { color: '#8c8c8c', fontSize: 14, fontWeight: 'normal' },
} as const;

/**
 * One indicator: its chart and, under it, the same numbers as a table. Its own panel, so a
 * service that is down shows a message here and nowhere else.
 */
export function ChartPanel<T>(props: {
  id: string;
  title: string;
  note?: ReactNode;
  state: Loaded<T>;
  build: (data: T) => ChartContent;
  height?: number;
}) {
  const { state } = props;
  return (
    <Panel title={props.title} loading={state.loading} error={state.error} onRetry={state.reload}>
      {state.data !== undefined && <Body {...props} data={state.data} />}
    </Panel>
  );
}

function Body<T>(props: {
  id: string;
  note?: ReactNode;
  data: T;
  build: (data: T) => ChartContent;
  height?: number;
}) {
  const t = useT();
  const content = props.build(props.data);
  return (
    <>
      {props.note && (
        <Typography.Paragraph style={{ fontSize: 13, color: '#595959' }}>
          {props.note}
        </Typography.Paragraph>
      )}
      <EChart
        option={
          content.empty
            ? { ...content.option, title: { ...EMPTY_TITLE, text: t('noDataInPeriod') } }
            : content.option
        }
        label={content.label}
        height={props.height}
        testId={`chart-${props.id}`}
      />
      <NumbersTable
        testId={`numbers-${props.id}`}
        caption={content.caption}
        columns={content.columns}
        rows={content.rows}
      />
    </>
  );
}
