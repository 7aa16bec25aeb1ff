import type { QueryRunner, TransactionCommitEvent } from 'typeorm';
import { noteOutboxWritten, OutboxCommitWake } from './outbox-commit-wake';

/** The parts of a QueryRunner the wake-up reads, in the states TypeORM broadcasts them. */
interface FakeRunner {
  isTransactionActive: boolean;
  data: Record<string, unknown>;
}
const runner = (): FakeRunner => ({ isTransactionActive: true, data: {} });
const real = (r: FakeRunner) => r as unknown as QueryRunner;
const event = (r: FakeRunner) => ({ queryRunner: real(r) }) as TransactionCommitEvent;
const note = (r: FakeRunner, schema: string) => noteOutboxWritten(real(r), schema);

describe('OutboxCommitWake (ADR 0016)', () => {
  it('pokes once when the transaction that wrote its outbox commits', () => {
    const poke = jest.fn();
    const wake = new OutboxCommitWake('referral', poke);
    const r = runner();
    note(r, 'referral');
    note(r, 'referral');
    r.isTransactionActive = false; // COMMIT done
    wake.afterTransactionCommit(event(r));
    wake.afterTransactionCommit(event(r)); // the note is spent: a later commit on this runner is quiet
    expect(poke).toHaveBeenCalledTimes(1);
  });

  it('does not poke for a released savepoint: the outer transaction may still roll back', () => {
    const poke = jest.fn();
    const wake = new OutboxCommitWake('referral', poke);
    const r = runner();
    note(r, 'referral');
    wake.afterTransactionCommit(event(r)); // RELEASE SAVEPOINT, still in the transaction
    expect(poke).not.toHaveBeenCalled();
    r.isTransactionActive = false;
    wake.afterTransactionCommit(event(r));
    expect(poke).toHaveBeenCalledTimes(1);
  });

  it('forgets the note on rollback, and ignores other schemas and quiet transactions', () => {
    const poke = jest.fn();
    const wake = new OutboxCommitWake('referral', poke);
    const rolledBack = runner();
    note(rolledBack, 'referral');
    rolledBack.isTransactionActive = false;
    wake.afterTransactionRollback(event(rolledBack));
    wake.afterTransactionCommit(event(rolledBack));
    const other = runner();
    note(other, 'diagnosis');
    other.isTransactionActive = false;
    wake.afterTransactionCommit(event(other));
    const quiet = runner();
    quiet.isTransactionActive = false;
    wake.afterTransactionCommit(event(quiet));
    expect(poke).not.toHaveBeenCalled();
  });
});
