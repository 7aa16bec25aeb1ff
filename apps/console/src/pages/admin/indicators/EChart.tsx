import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/**
 * One ECharts chart on a canvas. The div is an image to assistive technology, described by
 * `label`, and the numbers are in the table beside it. Resized with the window, disposed on
 * unmount.
 */
export function EChart(props: {
  option: echarts.EChartsOption;
  label: string;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const instance = echarts.init(ref.current!, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Replace rather than merge: a shorter period must not keep the old period's bars.
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ width: '100%', height: props.height ?? 300 }}
    />
  );
}
