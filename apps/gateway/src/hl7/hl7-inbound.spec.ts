import * as iconv from 'iconv-lite';
import { AppError } from '@app/shared';
import { asHl7Error } from './service-refusal';
import { ERROR_CODES, Hl7Error } from './hl7-error';
import { handleInbound, Inbound, rejectUnframed } from './hl7-inbound';
import { parseHl7, segmentsOf, valueOf } from './hl7-message';
import { adtA04, testResidentId } from './hl7-test-messages';

const US = { application: 'CMC', facility: 'CMC' };
const ackOf = (bytes: Buffer, charset: 'utf8' | 'gb18030' = 'utf8') => {
  const m = parseHl7(iconv.decode(bytes, charset), 10);
  const field = (seg: string, f: number, c = 1) => valueOf(m, segmentsOf(m, seg)[0], f, c);
  return { m, field };
};

describe('inbound message to ACK', () => {
  const id = testResidentId();

  it('answers AA echoing MSH-10, addressed back to the sender, and passes the parsed message on', async () => {
    let seen: Inbound | undefined;
    const r = await handleInbound(Buffer.from(adtA04(id)), '10.0.0.5', US, 100, async (i) => {
      seen = i;
    });
    expect(r.code).toBe('AA');
    const { field } = ackOf(r.ack);
    expect(field('MSA', 1)).toBe('AA');
    expect(field('MSA', 2)).toBe('ADT0001');
    expect(field('MSH', 5)).toBe('HIS');
    expect(field('MSH', 6)).toBe('PJ_HOSP');
    expect(field('MSH', 9, 1)).toBe('ACK');
    expect(field('MSH', 9, 2)).toBe('A04');
    expect(seen).toMatchObject({
      type: 'ADT',
      event: 'A04',
      sendingApplication: 'HIS',
      remoteAddress: '10.0.0.5',
    });
  });

  it('decodes GB 18030 by MSH-18 and answers in it', async () => {
    const bytes = iconv.encode(
      adtA04(id, { name: '欧阳^娜娜', msh18: 'GB 18030-2000' }),
      'gb18030',
    );
    let name = '';
    const r = await handleInbound(bytes, undefined, US, 100, async (i) => {
      name = valueOf(i.message, segmentsOf(i.message, 'PID')[0], 5, 1);
    });
    expect(r.code).toBe('AA');
    expect(name).toBe('欧阳');
    expect(ackOf(r.ack, 'gb18030').field('MSH', 18)).toBe('GB 18030-2000');
  });

  it('gives AE with ERR-2 segment/field and ERR-3 code for a content error', async () => {
    const r = await handleInbound(Buffer.from(adtA04(id)), undefined, US, 100, async () => {
      throw Hl7Error.content(ERROR_CODES.DATA_TYPE, 'resident ID check digit is wrong', {
        segment: 'PID',
        sequence: 1,
        field: 3,
        component: 1,
      });
    });
    const { field } = ackOf(r.ack);
    expect([field('MSA', 1), field('MSA', 2), field('MSA', 3)]).toEqual([
      'AE',
      'ADT0001',
      'PID-3: resident ID check digit is wrong',
    ]);
    expect([field('ERR', 2, 1), field('ERR', 2, 2), field('ERR', 2, 3)]).toEqual(['PID', '1', '3']);
    expect([field('ERR', 3, 1), field('ERR', 3, 3), field('ERR', 4)]).toEqual([
      '102',
      'HL70357',
      'E',
    ]);
  });

  it('gives AR for bytes invalid in the declared set, an unknown set, missing MSH-10, a crash', async () => {
    const ok = async () => undefined;
    const gbAsUtf8 = iconv.encode(adtA04(id), 'gb18030');
    expect((await handleInbound(gbAsUtf8, undefined, US, 100, ok)).code).toBe('AR');
    const unknown = await handleInbound(
      Buffer.from(adtA04(id, { msh18: 'EBCDIC' })),
      undefined,
      US,
      100,
      ok,
    );
    expect(ackOf(unknown.ack).field('ERR', 2, 3)).toBe('18');
    const noId = await handleInbound(
      Buffer.from(adtA04(id).replace('ADT0001', '')),
      undefined,
      US,
      100,
      ok,
    );
    expect(ackOf(noId.ack).field('ERR', 2, 3)).toBe('10');
    const crash = await handleInbound(Buffer.from(adtA04(id)), undefined, US, 100, async () => {
      throw new Error('database down');
    });
    expect(crash.code).toBe('AR');
    expect(ackOf(crash.ack).field('ERR', 3, 1)).toBe('207');
  });

  it('answers unframed bytes with AR naming the message when its MSH arrived', () => {
    const { field } = ackOf(
      rejectUnframed(Buffer.from(adtA04(id)), 'message larger than allowed', US),
    );
    expect([field('MSA', 1), field('MSA', 2)]).toEqual(['AR', 'ADT0001']);
    expect(ackOf(rejectUnframed(Buffer.from('garbage'), 'x', US)).field('MSA', 2)).toBe('');
  });
});

describe('service refusals as ACKs', () => {
  it('maps a field problem to AE at its HL7 field, an outage to AR 207', () => {
    const invalid = AppError.validation('bad', [{ path: 'accessionNumber', message: 'x' }]);
    expect(asHl7Error(invalid)).toMatchObject({
      ack: 'AE',
      code: '102',
      location: { segment: 'OBR', field: 18 },
    });
    expect(asHl7Error(AppError.conflict('dup'))).toMatchObject({ ack: 'AE', code: '205' });
    expect(asHl7Error(AppError.unavailable('down'))).toMatchObject({ ack: 'AR', code: '207' });
    expect(asHl7Error(new Error('boom'))).toMatchObject({ ack: 'AR', code: '207' });
  });
});
