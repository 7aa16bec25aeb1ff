import { assertTestDatabase, databaseNameOf } from './data-source';

describe('test database guard', () => {
  it('accepts only databases whose name says test', () => {
    expect(() => assertTestDatabase('postgres://u@h:5432/cmc_test_abc')).not.toThrow();
    expect(() => assertTestDatabase('postgres://u@h:5432/cmc')).toThrow(/Refusing/);
    expect(() => assertTestDatabase('postgres://u@h:5432/production?x=test')).toThrow(/Refusing/);
  });

  it('reads the database name from a URL', () => {
    expect(databaseNameOf('postgres://u:p@h:5432/some_db?sslmode=require')).toBe('some_db');
  });
});
