import { DecodedEcg, EcgGroup } from './decode';

const MM_PER_SECOND = 25;
const MM_PER_MV = 10;
const ROW_MM = 30; // ±1.5 mV per lead row
const LEFT_MM = 12; // label and the 1 mV calibration pulse
const MAX_POINTS = 5000;

const escapeXml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
const f = (x: number) => (Math.round(x * 100) / 100).toString();

/**
 * The rhythm group drawn as on ECG paper: 1 mm and 5 mm grid, 25 mm/s, 10 mm/mV, a 1 mV
 * calibration pulse at the start of each row. Units of the viewBox are millimetres.
 */
export function renderEcgSvg(ecg: DecodedEcg, opts: { groupIndex?: number } = {}): string {
  const group: EcgGroup | undefined =
    opts.groupIndex !== undefined
      ? ecg.groups.find((g) => g.index === opts.groupIndex)
      : [...ecg.groups].sort(
          (a, b) =>
            b.numberOfSamples / b.samplingFrequency - a.numberOfSamples / a.samplingFrequency,
        )[0];
  if (!group) throw new RangeError('No such multiplex group');
  const decoded = group.channels[0]?.values.length ?? 0;
  const seconds = decoded / group.samplingFrequency;
  const width = LEFT_MM + seconds * MM_PER_SECOND;
  const height = group.channels.length * ROW_MM;
  const rows = group.channels.map((channel, row) => {
    const mid = row * ROW_MM + ROW_MM / 2;
    const mv = channel.millivolts ?? channel.values;
    const step = Math.max(1, Math.ceil(mv.length / MAX_POINTS));
    const points: string[] = [];
    for (let i = 0; i < mv.length; i += step) {
      const x = LEFT_MM + (i / group.samplingFrequency) * MM_PER_SECOND;
      const y = mid - Math.max(-1.5, Math.min(1.5, mv[i])) * MM_PER_MV;
      points.push(`${f(x)},${f(y)}`);
    }
    const name = escapeXml(channel.lead ?? channel.label);
    // 1 mV pulse, 0.2 s wide (5 mm), drawn 10 mm tall at the row's baseline.
    const cal = `M1,${f(mid)} H3 V${f(mid - MM_PER_MV)} H8 V${f(mid)} H10`;
    return (
      `<text x="1" y="${f(mid - 11)}" font-size="3" font-family="sans-serif">${name}</text>` +
      `<path class="calibration" d="${cal}" fill="none" stroke="#000" stroke-width="0.25"/>` +
      `<polyline class="lead" data-lead="${name}" fill="none" stroke="#000" stroke-width="0.25" points="${points.join(' ')}"/>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f(width)} ${height}" width="${f(width)}mm" height="${height}mm">` +
    `<defs><pattern id="minor" width="1" height="1" patternUnits="userSpaceOnUse"><path d="M1,0 V1 H0" fill="none" stroke="#f6c6c6" stroke-width="0.05"/></pattern>` +
    `<pattern id="major" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="url(#minor)"/><path d="M5,0 V5 H0" fill="none" stroke="#e28a8a" stroke-width="0.15"/></pattern></defs>` +
    `<rect width="100%" height="100%" fill="#fff"/><rect width="100%" height="100%" fill="url(#major)"/>` +
    `<text x="${f(width - 60)}" y="3" font-size="2.5" font-family="sans-serif">25 mm/s · 10 mm/mV · ${escapeXml(group.label ?? `group ${group.index}`)} · ${group.samplingFrequency} Hz</text>` +
    rows.join('') +
    `</svg>`
  );
}
