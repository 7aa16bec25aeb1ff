import { describe, expect, it } from '@jest/globals';
import { fillTemplate, insertAt, TEMPLATES, templatesFor } from './templates';

describe('report templates', () => {
  it('offers the study modality’s templates first', () => {
    const ct = templatesFor('CT');
    expect(ct.mine.map((t) => t.name)).toContain('头颅CT平扫：未见异常');
    expect(ct.mine.every((t) => t.modalities.includes('CT'))).toBe(true);
    expect(ct.mine.length + ct.others.length).toBe(TEMPLATES.length);
    expect(templatesFor('DX').mine.map((t) => t.id)).toContain('dr-chest-normal');
    expect(templatesFor('ECG').mine.map((t) => t.id)).toContain('ecg-normal');
    expect(templatesFor(null).mine).toEqual([]);
  });

  it('fills the ECG measurements and leaves unknown values for the reader', () => {
    expect(fillTemplate('心率{心率}次/分，RR{RR}ms', { heartRateBpm: 71.6, meanRrMs: 833.3 })).toBe(
      '心率72次/分，RR833ms',
    );
    expect(fillTemplate('心率{心率}次/分', {})).toBe('心率__次/分');
  });

  it('inserts at the caret, replaces a selection, and appends without one', () => {
    expect(insertAt('ab', 'X', { start: 1, end: 1 })).toEqual({ text: 'aXb', caret: 2 });
    expect(insertAt('abcd', 'X', { start: 1, end: 3 })).toEqual({ text: 'aXd', caret: 2 });
    expect(insertAt('ab', 'X', null)).toEqual({ text: 'abX', caret: 3 });
    expect(insertAt('ab', 'X', { start: 9, end: 9 })).toEqual({ text: 'abX', caret: 3 });
  });

  it('has unique ids and both parts filled', () => {
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    for (const t of TEMPLATES) expect(t.findings.length * t.impression.length).toBeGreaterThan(0);
  });
});
