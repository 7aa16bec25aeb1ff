import { Muted } from '../Muted';
import { clock, turnaround } from '../reader-format';
import { useNow } from '../use-now';
import { useLocale } from '../../../i18n/locale';
import { useT } from '../i18n';

const COLOR = { ok: '#237804', soon: '#ad4e00', breached: '#cf1322' } as const;

/** The turnaround countdown of one study: green, orange in its last quarter, red once breached. */
export function Countdown(props: { requestedAt: string | null; dueAt: string | null }) {
  const now = useNow();
  const tr = useT();
  const { lang } = useLocale();
  const t = turnaround(props.requestedAt, props.dueAt, now);
  if (!t) return <Muted>—</Muted>;
  const text = tr(t.state === 'breached' ? 'overdue' : 'remaining', {
    t: clock(t.remainingMs, lang),
  });
  return (
    <span
      role="timer"
      data-testid="countdown"
      data-state={t.state}
      style={{
        color: COLOR[t.state],
        fontWeight: t.state === 'ok' ? 400 : 600,
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
      }}
    >
      {text}
    </span>
  );
}

/** How long since the request, ticking with the countdowns. */
export function Waited(props: { since: string | null; format: (ms: number) => string }) {
  const now = useNow();
  return <>{props.since ? props.format(now - Date.parse(props.since)) : '—'}</>;
}
