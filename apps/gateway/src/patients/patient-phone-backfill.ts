import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { maskPhone, PiiVault } from '@app/shared';
import { LOGGER, VAULT } from '../infra/tokens';

const BATCH = 500;

/**
 * Encrypts the phone numbers older releases stored in clear (issue 12, item 15), in batches, at
 * start-up. Idempotent: a row is taken only while its clear column is set, and emptied in the
 * same statement that stores the cipher, so two replicas starting together do no harm.
 */
@Injectable()
export class PatientPhoneBackfill implements OnApplicationBootstrap {
  constructor(
    private readonly ds: DataSource,
    @Inject(VAULT) private readonly vault: PiiVault,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let total = 0;
    for (;;) {
      const rows: { id: string; phone: string }[] = await this.ds.query(
        `SELECT id, phone FROM gateway.patients WHERE phone IS NOT NULL LIMIT ${BATCH}`,
      );
      for (const r of rows)
        await this.ds.query(
          `UPDATE gateway.patients SET phone_cipher = $2, phone_masked = $3, phone = NULL WHERE id = $1 AND phone = $4`,
          [r.id, this.vault.encrypt(r.phone), maskPhone(r.phone), r.phone],
        );
      total += rows.length;
      if (rows.length < BATCH) break;
    }
    if (total) this.log.info({ patients: total }, 'encrypted phone numbers stored in clear');
  }
}
