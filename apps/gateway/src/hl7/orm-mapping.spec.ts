import { parseHl7 } from './hl7-message';
import { ormO01, refusalOf, testResidentId } from './hl7-test-messages';
import { orderFromOrm } from './orm-mapping';

const CENTER = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2027-01-01T00:00:00Z');
const read = (text: string) => orderFromOrm(parseHl7(text, 100), CENTER, NOW);
const refusal = refusalOf(read);

describe('ORM^O01 to an exam order', () => {
  const id = testResidentId();

  it('maps ORC/OBR fields to ExamOrderContracts.create', () => {
    expect(read(ormO01(id))).toEqual({
      control: 'NW',
      placerOrderNumber: 'PO-1001',
      order: {
        modality: 'CT',
        requestedProcedure: '头颅CT平扫',
        requestedProcedureCode: 'CT-HEAD',
        scheduledAt: '2027-01-02T09:00:00+08:00',
        centerId: CENTER,
        priority: 'STAT',
        clinicalHistory: '头痛三天',
        question: '胸痛待查',
        placerOrderNumber: 'PO-1001',
        accessionNumber: 'ACC1001',
        familyDoctorSigned: false,
      },
    });
  });

  it('maps priorities S/A/R, OBR-24 table 0074 names, and defaults time to now', () => {
    const urgent = ormO01(id).replace('^^^20270102090000^^S', '^^^^^A');
    const r = read(urgent);
    expect(r.control === 'NW' && r.order.priority).toBe('URGENT');
    expect(r.control === 'NW' && r.order.scheduledAt).toBe(NOW.toISOString());
    const ecg = read(ormO01(id).replace('||CT|||', '||EC|||'));
    expect(ecg.control === 'NW' && ecg.order.modality).toBe('ECG');
    const routine = read(ormO01(id).replace('^^S', '^^R'));
    expect(routine.control === 'NW' && routine.order.priority).toBe('ROUTINE');
  });

  it('reads a cancel', () => {
    expect(read(ormO01(id, 'CA'))).toEqual({
      control: 'CA',
      placerOrderNumber: 'PO-1001',
      reason: 'cancelled by the ordering system (ORC-1 CA)',
    });
  });

  it('names the field it refuses', () => {
    const two = `${ormO01(id)}\rORC|NW|PO-1002\rOBR|1|PO-1002||CT-CHEST^胸部CT|||||||||||||||||||CT`;
    expect(refusal(two)).toMatchObject({ code: '100', location: { segment: 'ORC', sequence: 2 } });
    expect(refusal(ormO01(id, 'XO'))).toMatchObject({
      ack: 'AE',
      location: { segment: 'ORC', field: 1 },
    });
    expect(refusal(ormO01(id).replace('^^S', '^^Q'))).toMatchObject({
      location: { segment: 'ORC', field: 7, component: 6 },
    });
    expect(refusal(ormO01(id).replace('ACC1001', 'ACC 1001!'))).toMatchObject({
      location: { segment: 'OBR', field: 18 },
    });
    expect(refusal(ormO01(id).replace('||CT|||', '||ZZ|||'))).toMatchObject({
      code: '103',
      location: { field: 24 },
    });
    expect(refusal(ormO01(id).replace('20270102090000', '20271345'))).toMatchObject({
      location: { segment: 'ORC', field: 7 },
    });
    expect(
      refusal(ormO01(id).replace('ORC|NW|PO-1001', 'ORC|NW|').replace('OBR|1|PO-1001', 'OBR|1|')),
    ).toMatchObject({ code: '101', location: { field: 2 } });
  });
});
