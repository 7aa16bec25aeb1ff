import type {
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/** Where a transaction notes the outboxes it wrote (QueryRunner.data is TypeORM's free slot). */
const WRITTEN = 'cmcOutboxSchemasWritten';

/** Called by writeOutbox: this transaction wrote `schema`'s outbox. */
export function noteOutboxWritten(runner: QueryRunner, schema: string): void {
  const data = runner.data as Record<string, Set<string> | undefined>;
  (data[WRITTEN] ??= new Set()).add(schema);
}

/**
 * Pokes a relay when a transaction that wrote its outbox has committed (ADR 0016). A NOTIFY in
 * the writing transaction did the same job, but PostgreSQL holds one database-wide lock from a
 * notifying transaction's pre-commit to the end of its commit, WAL flush included, so every
 * write of every service committed one at a time: 563 commits/s against 8,437 without NOTIFY
 * (pgbench, 16 clients, this machine). The relay runs in every process that writes its schema
 * and takes rows with SKIP LOCKED, so waking the local one is enough; its poll is the safety net.
 */
export class OutboxCommitWake implements EntitySubscriberInterface {
  constructor(
    private readonly schema: string,
    private readonly poke: () => void,
  ) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    // Also broadcast when a savepoint is released: only the outermost commit publishes.
    if (runner.isTransactionActive) return;
    const written = (runner.data as Record<string, Set<string> | undefined>)[WRITTEN];
    if (written?.delete(this.schema)) this.poke();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (!runner.isTransactionActive)
      delete (runner.data as Record<string, Set<string> | undefined>)[WRITTEN];
  }
}
