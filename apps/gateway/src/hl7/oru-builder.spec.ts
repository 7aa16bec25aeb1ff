import { parseHl7, segmentsOf, valueOf } from './hl7-message';
import { buildOru, OruInput } from './oru-builder';

const input: OruInput = {
  kind: 'final',
  controlId: 'C1',
  us: { application: 'CMC', facility: 'CMC' },
  to: { application: 'HIS', facility: 'PJ_HOSP' },
  charset: 'UNICODE UTF-8',
  patient: {
    id: 'p-1',
    residentId: '50022819900101123X',
    name: '张三',
    sex: 'male',
    birthDate: '1990-01-01',
  },
  order: {
    placerOrderNumber: 'PO-1',
    fillerOrderNumber: 'o-1',
    accessionNumber: 'ACC1',
    procedureCode: 'CT-HEAD',
    procedure: '头颅CT平扫',
    modality: 'CT',
  },
  report: {
    findings: '脑实质密度均匀|无异常\n第二行',
    impression: '颅脑CT平扫未见异常',
    authorName: '王医生',
    approvedByName: '赵主任',
    at: '2027-01-01T02:00:00Z',
  },
};

describe('ORU^R01', () => {
  it('carries patient, order numbers, accession, findings and impression', () => {
    const m = parseHl7(buildOru(input), 50);
    const v = (seg: string, f: number, c = 1, n = 0, r = 0) =>
      valueOf(m, segmentsOf(m, seg)[n], f, c, r);
    expect(m.segments.map((s) => s.name)).toEqual(['MSH', 'PID', 'ORC', 'OBR', 'OBX', 'OBX']);
    expect([v('MSH', 9, 1), v('MSH', 9, 2), v('MSH', 10), v('MSH', 12), v('MSH', 5)]).toEqual([
      'ORU',
      'R01',
      'C1',
      '2.5.1',
      'HIS',
    ]);
    expect([v('PID', 3, 1), v('PID', 3, 5), v('PID', 5), v('PID', 7), v('PID', 8)]).toEqual([
      '50022819900101123X',
      'NNCHN',
      '张三',
      '19900101',
      'M',
    ]);
    expect([v('OBR', 2), v('OBR', 3), v('OBR', 18), v('OBR', 24), v('OBR', 25)]).toEqual([
      'PO-1',
      'o-1',
      'ACC1',
      'CT',
      'F',
    ]);
    expect([v('OBR', 4, 2), v('OBR', 7), v('OBR', 32)]).toEqual([
      '头颅CT平扫',
      '20270101100000+0800',
      '赵主任',
    ]);
    expect([v('OBX', 3, 1), v('OBX', 5), v('OBX', 11)]).toEqual([
      '59776-5',
      '脑实质密度均匀|无异常\n第二行',
      'F',
    ]);
    expect([v('OBX', 3, 1, 1), v('OBX', 5, 1, 1)]).toEqual(['19005-8', '颅脑CT平扫未见异常']);
  });

  it('marks an amendment C and a critical finding AA', () => {
    const amended = parseHl7(buildOru({ ...input, kind: 'amended' }), 50);
    expect(valueOf(amended, segmentsOf(amended, 'OBR')[0], 25)).toBe('C');
    const critical = parseHl7(
      buildOru({
        ...input,
        kind: 'critical',
        report: null,
        critical: {
          description: '急性脑出血',
          raisedAt: '2027-01-01T00:00:00Z',
          raisedByName: '王',
        },
      }),
      50,
    );
    const obx = segmentsOf(critical, 'OBX');
    expect(obx).toHaveLength(1);
    expect([
      valueOf(critical, obx[0], 5),
      valueOf(critical, obx[0], 8),
      valueOf(critical, obx[0], 11),
    ]).toEqual(['急性脑出血', 'AA', 'P']);
  });
});
