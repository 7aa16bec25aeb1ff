import { describe, expect, it } from '@jest/globals';
import { isRetryable, MAX_DELAY_MS, retryDelay } from './backoff';
import { personName, readDicomSummary } from './dicom-header';
import type { QueueItem, QueueStore, SendOutcome } from './queue-types';
import { UploadQueue } from './upload-queue';

/** A tiny Part 10 writer for the reader's tests: explicit or implicit VR little endian. */
type El = { tag: number; vr: string; value: Uint8Array | string; undefinedLength?: boolean };
const text = (s: string, vr: string) => {
  const b = new TextEncoder().encode(s);
  if (b.length % 2 === 0) return b;
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  out[b.length] = vr === 'UI' ? 0 : 0x20;
  return out;
};
const LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);
function element(e: El, explicit: boolean): Uint8Array {
  const value = typeof e.value === 'string' ? text(e.value, e.vr) : e.value;
  const long = !explicit || LONG.has(e.vr);
  const head = new Uint8Array(explicit ? (LONG.has(e.vr) ? 12 : 8) : 8);
  const v = new DataView(head.buffer);
  v.setUint16(0, e.tag >>> 16, true);
  v.setUint16(2, e.tag & 0xffff, true);
  const length = e.undefinedLength ? 0xffffffff : value.length;
  if (explicit) {
    head[4] = e.vr.charCodeAt(0);
    head[5] = e.vr.charCodeAt(1);
    if (long) v.setUint32(8, length, true);
    else v.setUint16(6, length, true);
  } else v.setUint32(4, length, true);
  return concat([head, value]);
}
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
function part10(dataset: El[], syntax = '1.2.840.10008.1.2.1'): Uint8Array {
  const explicit = syntax !== '1.2.840.10008.1.2';
  const meta = concat([
    element({ tag: 0x00020003, vr: 'UI', value: '1.2.3.99' }, true),
    element({ tag: 0x00020010, vr: 'UI', value: syntax }, true),
  ]);
  const preamble = new Uint8Array(132);
  preamble.set(new TextEncoder().encode('DICM'), 128);
  return concat([preamble, meta, ...dataset.map((e) => element(e, explicit))]);
}
/** A sequence of undefined length holding one item of undefined length, as modalities send. */
function nestedSequence(explicit: boolean): El {
  const tag = (t: number, len: number) => {
    const b = new Uint8Array(8);
    const v = new DataView(b.buffer);
    v.setUint16(0, t >>> 16, true);
    v.setUint16(2, t & 0xffff, true);
    v.setUint32(4, len, true);
    return b;
  };
  const inner = element({ tag: 0x00080100, vr: 'SH', value: 'CODE' }, explicit);
  const body = concat([tag(0xfffee000, 0xffffffff), inner, tag(0xfffee00d, 0), tag(0xfffee0dd, 0)]);
  return { tag: 0x00081032, vr: 'SQ', value: body, undefinedLength: true };
}
const CT_ELEMENTS = (explicit: boolean): El[] => [
  { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
  { tag: 0x00080018, vr: 'UI', value: '1.2.3.4.1' },
  { tag: 0x00080060, vr: 'CS', value: 'CT' },
  nestedSequence(explicit),
  { tag: 0x00100010, vr: 'PN', value: 'Li^Si=李^四' },
  { tag: 0x0020000d, vr: 'UI', value: '1.2.3.4' },
  { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(64) },
];

describe('DICOM header reader', () => {
  it.each([
    ['explicit VR', '1.2.840.10008.1.2.1'],
    ['implicit VR', '1.2.840.10008.1.2'],
  ])('reads UIDs and the patient past a nested sequence (%s)', (_, syntax) => {
    const bytes = part10(CT_ELEMENTS(syntax !== '1.2.840.10008.1.2'), syntax);
    const result = readDicomSummary(bytes, true);
    expect(result).toMatchObject({
      kind: 'ok',
      summary: {
        sopInstanceUid: '1.2.3.4.1',
        studyInstanceUid: '1.2.3.4',
        modality: 'CT',
        patientName: '李四',
      },
    });
  });

  it('asks for more bytes when the prefix ends early, and refuses what is not DICOM', () => {
    const bytes = part10(CT_ELEMENTS(true));
    expect(readDicomSummary(bytes.subarray(0, 200), false)).toEqual({ kind: 'more' });
    expect(readDicomSummary(bytes.subarray(0, 200), true).kind).toBe('rejected');
    expect(readDicomSummary(new TextEncoder().encode('hello'.repeat(40)), true)).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('DICM'),
    });
    const noStudy = part10([{ tag: 0x00080018, vr: 'UI', value: '1.2.3.4.1' }]);
    expect(readDicomSummary(noStudy, true)).toMatchObject({
      reason: expect.stringContaining('Study'),
    });
    expect(readDicomSummary(part10([], '1.2.840.10008.1.2.1.99'), true)).toMatchObject({
      reason: expect.stringContaining('Deflate'),
    });
  });

  it('names people as they are written', () => {
    expect(personName('Zhang^San')).toBe('Zhang San');
    expect(personName('王^五')).toBe('王五');
  });
});

describe('backoff', () => {
  it('grows with jitter up to the cap, and retries only what may succeed later', () => {
    expect(retryDelay(1, () => 0)).toBe(500);
    expect(retryDelay(3, () => 1)).toBe(4000);
    expect(retryDelay(30, () => 1)).toBe(MAX_DELAY_MS);
    expect([0, 429, 500, 503].every(isRetryable)).toBe(true);
    expect([400, 403, 409, 413, 415].some(isRetryable)).toBe(false);
  });
});

/** The queue against a fake server: what it holds, and a script of answers per attempt. */
function harness(answers: (sop: string, attempt: number) => SendOutcome | 'drop-after-store') {
  const server = new Set<string>();
  const posts: string[] = [];
  const saved = new Map<string, QueueItem>();
  const blobs = new Map<string, Blob>();
  let online = true;
  const store: QueueStore = {
    load: async () => [...saved.values()],
    save: async (i) => void saved.set(i.id, i),
    saveBlob: async (id, b) => void blobs.set(id, b),
    blob: async (id) => blobs.get(id),
    dropBlob: async (id) => void blobs.delete(id),
    remove: async (id) => void (saved.delete(id), blobs.delete(id)),
  };
  const queue = new UploadQueue({
    store,
    summarize: async (file) => {
      const sop = await file.text();
      return {
        kind: 'ok',
        summary: {
          sopInstanceUid: sop,
          studyInstanceUid: '9.9',
          sopClassUid: '',
          seriesInstanceUid: '',
          transferSyntax: '',
          modality: 'CT',
          patientName: '',
          patientId: '',
          studyDate: '',
          studyDescription: '',
        },
      };
    },
    send: async (blob) => {
      const sop = await blob.text();
      posts.push(sop);
      const answer = answers(sop, posts.filter((p) => p === sop).length);
      if (answer === 'drop-after-store') {
        server.add(sop);
        return { kind: 'retry', status: 0, reason: '网络中断' };
      }
      if (answer.kind === 'stored') server.add(sop);
      return answer;
    },
    storedSops: async () => new Set(server),
    online: () => online,
    now: () => Date.now(),
    random: () => 0,
    later: (fn, ms) => {
      const t = setTimeout(fn, Math.min(ms, 5));
      return () => clearTimeout(t);
    },
    sessionLost: () => undefined,
  });
  const files = (n: number) =>
    Array.from({ length: n }, (_, i) => new File([`1.2.${i + 1}`], `f${i + 1}.dcm`));
  const settled = async () => {
    for (let i = 0; i < 400; i++) {
      const items = queue.getSnapshot().items;
      if (
        items.length &&
        items.every((x) => !['waiting', 'checking', 'uploading'].includes(x.state))
      )
        return items;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('queue never settled');
  };
  return { queue, server, posts, files, settled, saved, setOnline: (v: boolean) => (online = v) };
}

const STORED: SendOutcome = { kind: 'stored', created: true, studyId: 's1' };

describe('upload queue', () => {
  it('never sends again a file stored whose answer was lost, and retries the rest', async () => {
    const h = harness((sop, n) =>
      sop === '1.2.2' && n === 1
        ? 'drop-after-store'
        : sop === '1.2.3' && n < 3
          ? { kind: 'retry', status: 503, reason: 'busy' }
          : STORED,
    );
    h.queue.resume();
    await h.queue.add(h.files(4));
    const items = await h.settled();
    expect(items.map((i) => i.state)).toEqual(['stored', 'existing', 'stored', 'stored']);
    expect(h.posts.filter((p) => p === '1.2.2')).toHaveLength(1);
    expect(h.posts.filter((p) => p === '1.2.3')).toHaveLength(3);
    expect([...h.server].sort()).toEqual(['1.2.1', '1.2.2', '1.2.3', '1.2.4']);
  });

  it('keeps refusals with their reason and does not retry them', async () => {
    const h = harness((sop) =>
      sop === '1.2.1' ? { kind: 'refused', status: 409, reason: '已存于其他检查' } : STORED,
    );
    h.queue.resume();
    await h.queue.add(h.files(2));
    const items = await h.settled();
    expect(items[0]).toMatchObject({ state: 'refused', reason: '已存于其他检查', attempts: 1 });
    expect(items[1].state).toBe('stored');
  });

  it('holds the queue while offline and goes on when the connection is back', async () => {
    const h = harness(() => STORED);
    h.setOnline(false);
    h.queue.resume();
    await h.queue.add(h.files(3));
    await new Promise((r) => setTimeout(r, 30));
    expect(h.posts).toEqual([]);
    expect(h.queue.getSnapshot().items.every((i) => i.state === 'waiting')).toBe(true);
    h.setOnline(true);
    h.queue.connectionBack();
    expect((await h.settled()).every((i) => i.state === 'stored')).toBe(true);
  });
});
