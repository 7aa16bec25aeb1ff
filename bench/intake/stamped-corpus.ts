import { slice, ctElements, CT } from './corpus';
import { writePart10 } from '../../libs/shared/src/dicom/write-dicom';
import { syntheticEcg } from '../../libs/shared/src/waveform/fixture';

/**
 * A time-boxed side sends for BENCH_SECONDS, however many instances that is, and a server that
 * has an instance already answers without storing it, which would flatter whoever sees a file
 * the second time. So the corpus is held in memory once, with a fixed-width placeholder in
 * every UID root, and each send stamps a number never used before into a copy of the header
 * bytes (same length, so no element length changes). The pixel data is sent from the template.
 */
const PLACEHOLDER = '.90909090.';

export interface Template {
  data: Buffer;
  /** Where each placeholder starts; all lie in the header, before `headerEnd`. */
  offsets: number[];
  headerEnd: number;
}

export interface StampedCorpus {
  templates: Template[];
  bytes: number;
  ct: number;
  ecg: number;
}

function templateOf(data: Buffer): Template {
  const offsets: number[] = [];
  const needle = Buffer.from(PLACEHOLDER, 'latin1');
  for (let at = data.indexOf(needle); at !== -1; at = data.indexOf(needle, at + 1))
    offsets.push(at);
  if (offsets.length === 0) throw new Error('corpus file without a UID placeholder');
  return { data, offsets, headerEnd: offsets[offsets.length - 1] + PLACEHOLDER.length };
}

/** CT series of 100 slices per study and ECGs, with stampable UIDs; `root` is run-unique. */
export function stampedCorpus(root: string, ct: number, ecg: number): StampedCorpus {
  const templates: Template[] = [];
  for (let i = 0; i < ct; i++) {
    const study = `${root}${PLACEHOLDER}${Math.floor(i / 100) + 1}`;
    const { sop, elements } = ctElements(study, 1, i + 1, slice(i));
    templates.push(templateOf(writePart10(CT, sop, elements)));
  }
  for (let i = 0; i < ecg; i++)
    templates.push(
      templateOf(
        syntheticEcg({
          bpm: 55 + (i % 60),
          noiseMv: 0.02,
          seed: i + 1,
          uidRoot: `${root}${PLACEHOLDER}${1000 + i}`,
        }),
      ),
    );
  return { templates, bytes: templates.reduce((n, t) => n + t.data.length, 0), ct, ecg };
}

/**
 * The template's bytes as [stamped header copy, untouched rest]. `stamp` must be unique per
 * send of the same template and have 8 digits without a leading zero (a UID component rule).
 */
export function stamped(template: Template, stamp: number): Buffer[] {
  const digits = String(stamp);
  if (!/^[1-9]\d{7}$/.test(digits)) throw new Error(`stamp ${stamp} is not 8 digits`);
  const head = Buffer.from(template.data.subarray(0, template.headerEnd));
  for (const at of template.offsets) head.write(digits, at + 1, 'latin1');
  return [head, template.data.subarray(template.headerEnd)];
}

/** Hands out (template, stamp) pairs: the corpus in order, each pass with a new stamp. */
export class StampSequence {
  private next = 0;
  constructor(
    private readonly corpus: StampedCorpus,
    /** A first stamp per side and round keeps sides from ever sending the same UIDs. */
    private readonly base: number,
  ) {}

  take(): Buffer[] {
    const n = this.next++;
    const count = this.corpus.templates.length;
    const pass = Math.floor(n / count);
    return stamped(this.corpus.templates[n % count], this.base + pass);
  }
}
