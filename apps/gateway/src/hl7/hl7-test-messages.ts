import { residentIdCheckChar } from '@app/shared';
import type { Hl7Error } from './hl7-error';

/** A valid GB 11643 number for tests: region, birth date, sequence (odd = male), check char. */
export function testResidentId(birth = '19900101', seq = '123'): string {
  const first17 = `500228${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

export function adtA04(residentId: string, extra: { name?: string; msh18?: string } = {}): string {
  return [
    `MSH|^~\\&|HIS|PJ_HOSP|CMC|CMC|20270101083000||ADT^A04^ADT_A01|ADT0001|P|2.5.1|||||CHN|${extra.msh18 ?? 'UNICODE UTF-8'}`,
    'EVN|A04|20270101083000',
    `PID|1||${residentId}^^^CHN^NNCHN~MRN77^^^HIS^MR||${extra.name ?? '张^三'}||19900101|M|||||^PRN^CP^^^^^^^^^13812345678`,
  ].join('\r');
}

export function ormO01(residentId: string, orc1 = 'NW', obr = ''): string {
  return [
    'MSH|^~\\&|HIS|PJ_HOSP|CMC|CMC|20270101083000||ORM^O01^ORM_O01|ORM0001|P|2.5.1',
    `PID|1||${residentId}^^^CHN^NNCHN||李^四||19900101|M`,
    `ORC|${orc1}|PO-1001|||||^^^20270102090000^^S`,
    obr ||
      'OBR|1|PO-1001||CT-HEAD^头颅CT平扫^L|||||||||头痛三天|||||ACC1001||||||CT|||||||胸痛待查^胸痛待查',
  ].join('\r');
}

/**
 * For mapping specs: `refusal(text)` is the Hl7Error `read` throws for that message; a message
 * it takes fails the test.
 */
export function refusalOf(read: (text: string) => unknown): (text: string) => Hl7Error {
  return (text) => {
    try {
      read(text);
    } catch (e) {
      return e as Hl7Error;
    }
    throw new Error('taken');
  };
}
