import { describeError, redactQuoted, safeError } from './safe-error';

/** A driver error as TypeORM hands it over: message, parameters, driver fields. */
function queryFailed(message: string, driver: Record<string, unknown>) {
  const error = Object.assign(new Error(message), {
    name: 'QueryFailedError',
    query: 'INSERT INTO gateway.patients (name, phone) VALUES ($1, $2)',
    parameters: ['张三', '13900000000'],
    driverError: { ...driver, detail: 'Key (phone)=(13900000000) already exists.' },
  });
  return error;
}

describe('safeError (security review #3)', () => {
  it('keeps what finds the fault and drops the values', () => {
    const e = queryFailed('invalid input syntax for type uuid: "张三的ID"', {
      code: '22P02',
      severity: 'ERROR',
      table: 'patients',
      routine: 'string_to_uuid',
    });
    const safe = safeError(e);
    expect(safe).toMatchObject({
      type: 'QueryFailedError',
      message: 'invalid input syntax for type uuid: "[redacted]"',
      sqlState: '22P02',
      table: 'patients',
      query: 'INSERT INTO gateway.patients (name, phone) VALUES ($1, $2)',
    });
    const text = JSON.stringify(safe);
    for (const secret of ['张三', '13900000000', 'already exists'])
      expect(text).not.toContain(secret);
    expect(safe.stack?.split('\n')[0]).toBe(`QueryFailedError: ${safe.message}`);
  });

  it('redacts values PostgreSQL quotes or puts in a key detail', () => {
    expect(redactQuoted('date/time field value out of range: "0000-01-01"')).toBe(
      'date/time field value out of range: "[redacted]"',
    );
    expect(redactQuoted('Key (resident_id_hash)=(abc123) already exists')).toBe(
      'Key (resident_id_hash)=([redacted]) already exists',
    );
  });

  it('follows causes a few levels, and describes an error in one safe line', () => {
    const outer = new Error('could not save', {
      cause: queryFailed('value too long: "secret"', { code: '22001', severity: 'ERROR' }),
    });
    expect(safeError(outer).cause?.message).toBe('value too long: "[redacted]"');
    expect(describeError(outer.cause)).toBe(
      'QueryFailedError: value too long: "[redacted]" (SQLSTATE 22001)',
    );
    expect(safeError('a string').type).toBe('string');
  });
});
