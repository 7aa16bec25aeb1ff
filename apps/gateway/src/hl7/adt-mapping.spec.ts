import { patientFromPid } from './adt-mapping';
import { parseHl7 } from './hl7-message';
import { adtA04, refusalOf, testResidentId } from './hl7-test-messages';

const read = (text: string) => patientFromPid(parseHl7(text, 100));
const refusal = refusalOf(read);

describe('ADT PID to the patient index', () => {
  const id = testResidentId();

  it('takes the NNCHN identifier, the Chinese name without a space, and the mobile', () => {
    expect(read(adtA04(id))).toEqual({ residentId: id, name: '张三', phone: '13812345678' });
    expect(read(adtA04(id, { name: 'Zhang^San' })).name).toBe('Zhang San');
  });

  it('takes an untyped identifier only when it is a valid resident ID', () => {
    const untyped = adtA04(id).replace(`${id}^^^CHN^NNCHN~MRN77^^^HIS^MR`, `MRN77~${id}`);
    expect(read(untyped).residentId).toBe(id);
    const none = adtA04(id).replace(`${id}^^^CHN^NNCHN~`, '');
    expect(refusal(none)).toMatchObject({
      ack: 'AE',
      code: '101',
      location: { segment: 'PID', field: 3 },
    });
  });

  it('names PID-3 for a bad check digit, PID-5 for no name, PID-7/8 for disagreement', () => {
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(refusal(adtA04(wrong))).toMatchObject({
      code: '102',
      location: { segment: 'PID', field: 3 },
    });
    expect(refusal(adtA04(id, { name: '' }))).toMatchObject({ location: { field: 5 } });
    expect(refusal(adtA04(id).replace('|19900101|M|', '|19900102|M|'))).toMatchObject({
      location: { field: 7 },
    });
    expect(refusal(adtA04(id).replace('|19900101|M|', '|19900101|F|'))).toMatchObject({
      location: { field: 8 },
    });
    expect(refusal(adtA04(id).replace('|19900101|M|', '|19900101|Q|'))).toMatchObject({
      code: '103',
    });
  });

  it('leaves out a landline, refuses a message without PID', () => {
    expect(read(adtA04(id).replace('13812345678', '02388886666')).phone).toBeUndefined();
    expect(refusal('MSH|^~\\&|HIS|PJ|CMC|CMC|1||ADT^A04|1|P|2.5.1')).toMatchObject({ code: '100' });
  });
});
