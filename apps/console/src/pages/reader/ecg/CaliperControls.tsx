import { Button, Radio, Space } from 'antd';
import { Muted } from '../Muted';
import type { Calipers } from './EcgChart';
import { ratePerMinute } from './ecg-layout';

export type CaliperName = 'a' | 'b';

/** The measured interval in words, or how to start measuring. */
export function caliperText(c: Calipers): string {
  if (c.a === null) return '未放置卡尺';
  if (c.b === null) return `卡尺 A 在 ${(c.a * 1000).toFixed(0)} ms，请放置卡尺 B`;
  const ms = Math.abs(c.b - c.a) * 1000;
  const rate = ratePerMinute(ms);
  return `间期 ${Math.round(ms)} ms${rate ? `（折合 ${Math.round(rate)} 次/分）` : ''}`;
}

/** Keyboard and button control of the calipers, and the measurement read aloud. */
export function CaliperControls(props: {
  calipers: Calipers;
  active: CaliperName;
  onActive: (c: CaliperName) => void;
  onMove: (deltaSeconds: number) => void;
  onSnapRR: (() => void) | null;
  onClear: () => void;
}) {
  const name = props.active === 'a' ? 'A' : 'B';
  // The accessible name holds the visible text (WCAG 2.5.3) and says which caliper moves.
  const step = (ms: number) => {
    const text = `${ms < 0 ? '左移' : '右移'} ${Math.abs(ms)}ms`;
    return (
      <Button
        size="small"
        onClick={() => props.onMove(ms / 1000)}
        aria-label={`卡尺${name} ${text}`}
      >
        {text}
      </Button>
    );
  };
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap>
        <span id="caliper-active-label">卡尺</span>
        <Radio.Group
          aria-labelledby="caliper-active-label"
          optionType="button"
          size="small"
          value={props.active}
          onChange={(e) => props.onActive(e.target.value as CaliperName)}
          options={[
            { value: 'a', label: 'A' },
            { value: 'b', label: 'B' },
          ]}
        />
        {step(-40)}
        {step(-4)}
        {step(4)}
        {step(40)}
        <Button size="small" onClick={props.onSnapRR ?? undefined} disabled={!props.onSnapRR}>
          对准 R-R
        </Button>
        <Button size="small" onClick={props.onClear}>
          清除
        </Button>
        <output aria-live="polite" data-testid="caliper-result" style={{ fontWeight: 600 }}>
          {caliperText(props.calipers)}
        </output>
      </Space>
      <Muted>
        在心电图上单击两点测量间期；或聚焦心电图后用 ←/→ 移动当前卡尺（Shift 每次 40 ms），A/B
        键切换卡尺，Esc 清除。
      </Muted>
    </Space>
  );
}
