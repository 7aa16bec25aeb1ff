import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppError,
  hasRole,
  RegisteredInstance,
  RegisterInstance,
  RegisterManyResult,
} from '@app/shared';
import { fileInstance, Filing } from './file-instance';

/** Clinicians upload; a registered modality (DIMSE) or an engine carries its write scope. */
function assertUploader(actor: Actor): void {
  const uploader =
    actor.kind === 'user'
      ? hasRole(actor, 'clinician')
      : actor.scopes.includes('studies:write') || actor.scopes.includes('dicomweb:write');
  if (!uploader)
    throw AppError.forbidden(
      'Only clinicians, registered modalities, or integration engines with studies:write or dicomweb:write upload studies',
    );
}

/** Study, then series, then instance: every transaction takes the study locks in one order. */
const lockOrder = (a: RegisterInstance, b: RegisterInstance) =>
  a.header.studyInstanceUid.localeCompare(b.header.studyInstanceUid) ||
  a.header.seriesInstanceUid.localeCompare(b.header.seriesInstanceUid);

/**
 * D1 indexing of instances the gateway has stored, many in one transaction (issue 16 item 2).
 * Each item is refused or filed on its own (savepoints, see execute): a refused one (say, a
 * SOP Instance UID already filed under another study) is rolled back alone and reported, the
 * others commit. Items are filed in study order so two batches never wait on each other's
 * study rows in opposite orders.
 */
@Injectable()
export class RegisterInstances {
  constructor(private readonly ds: DataSource) {}

  async execute(actor: Actor, items: RegisterInstance[]): Promise<RegisterManyResult> {
    assertUploader(actor);
    const order = items.map((item, index) => ({ item, index }));
    order.sort((a, b) => lockOrder(a.item, b.item) || a.index - b.index);
    // Refusals are rare, and two statements per item for savepoints are not: file optimistically
    // first; should any item be refused, that transaction rolls back whole and the batch is
    // filed again with a savepoint per item, so the refusal stays the item's own.
    try {
      return await this.file(actor, order, items.length, false);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A lone item's rollback was its own already.
      if (items.length === 1)
        return { results: [{ ok: false, code: error.code, message: error.message }] };
      return this.file(actor, order, items.length, true);
    }
  }

  private async file(
    actor: Actor,
    order: { item: RegisterInstance; index: number }[],
    count: number,
    savepoints: boolean,
  ): Promise<RegisterManyResult> {
    const results: RegisterManyResult['results'] = new Array(count);
    await this.ds.transaction(async (m) => {
      const filing = new Filing();
      for (const { item, index } of order) {
        if (!savepoints) {
          results[index] = { ok: true, instance: await fileInstance(m, actor, item, filing) };
          continue;
        }
        const studiesBefore = new Set(filing.studies.keys());
        const seriesBefore = new Set(filing.series.keys());
        await m.query('SAVEPOINT item');
        try {
          const instance = await fileInstance(m, actor, item, filing);
          await m.query('RELEASE SAVEPOINT item');
          results[index] = { ok: true, instance };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          await m.query('ROLLBACK TO SAVEPOINT item');
          filing.forgetUncommitted(studiesBefore, seriesBefore);
          results[index] = { ok: false, code: error.code, message: error.message };
        }
      }
      await filing.flushCounts(m);
    });
    return { results };
  }

  /** The one-instance contract, kept for callers that register a single instance. */
  async one(actor: Actor, item: RegisterInstance): Promise<RegisteredInstance> {
    const [result] = (await this.execute(actor, [item])).results;
    if (!result.ok) throw new AppError(result.code, result.message);
    return result.instance;
  }
}
