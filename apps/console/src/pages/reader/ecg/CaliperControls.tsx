import { Button, Radio, Space } from 'antd';
import { Muted } from '../Muted';
import type { Calipers } from './EcgChart';
import { ratePerMinute } from './ecg-layout';
import { useT } from '../i18n';

export type CaliperName = 'a' | 'b';

/** The measured interval in words, or how to start measuring. */
export function caliperText(c: Calipers, t: ReturnType<typeof useT>): string {
  if (c.a === null) return t('noCaliper');
  if (c.b === null) return t('caliperA', { n: (c.a * 1000).toFixed(0) });
  const ms = Math.abs(c.b - c.a) * 1000;
  const rate = ratePerMinute(ms);
  return `${t('interval', { n: Math.round(ms) })}${rate ? t('intervalRate', { n: Math.round(rate) }) : ''}`;
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
  const t = useT();
  const name = props.active === 'a' ? 'A' : 'B';
  // The accessible name holds the visible text (WCAG 2.5.3) and says which caliper moves.
  const step = (ms: number) => {
    const text = `${ms < 0 ? t('left') : t('right')} ${Math.abs(ms)}ms`;
    return (
      <Button
        size="small"
        onClick={() => props.onMove(ms / 1000)}
        aria-label={t('caliperAria', { name, text })}
      >
        {text}
      </Button>
    );
  };
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Space wrap>
        <span id="caliper-active-label">{t('caliper')}</span>
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
          {t('snapRR')}
        </Button>
        <Button size="small" onClick={props.onClear}>
          {t('clear')}
        </Button>
        <output aria-live="polite" data-testid="caliper-result" style={{ fontWeight: 600 }}>
          {caliperText(props.calipers, t)}
        </output>
      </Space>
      <Muted>{t('caliperHelp')}</Muted>
    </Space>
  );
}
