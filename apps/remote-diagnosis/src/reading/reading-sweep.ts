import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, rowsOf } from '@app/shared';
import { sweepRows } from '@app/shared/database/sweep-rows';
import { SERVICE_CONFIG, SERVICE_LOGGER, SweepSchedule } from '@app/shared/nest';
import { targetMinutesSql } from '../centers/turnaround-target';
import { escalateOverdueFindings } from '../critical/escalate-overdue-findings';
import { requeueStudy, StudyRow, writeStudyEvent } from './study.queries';

const BUMP = { ROUTINE: 'URGENT', URGENT: 'STAT', STAT: 'STAT' } as const;

/**
 * Time in the reading workflow: expired leases go back to the queue (D4) and studies past
 * their turnaround target are bumped one priority and announced (D3). Guarded statements on
 * the database; BullMQ only runs the sweep on a schedule, so losing Redis loses nothing.
 */
@Injectable()
export class ReadingSweep implements OnModuleInit, OnModuleDestroy {
  private readonly schedule: SweepSchedule;

  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    @Inject(SERVICE_LOGGER) log: Logger,
  ) {
    this.schedule = new SweepSchedule({
      queue: 'diagnosis-time',
      what: 'diagnosis',
      config,
      log,
      run: () => this.run(),
    });
  }

  onModuleInit(): Promise<void> {
    return this.schedule.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.schedule.stop();
  }

  async run(): Promise<Record<string, number>> {
    const leasesExpired = await this.ds.transaction(async (m) => {
      const rows = await rowsOf<StudyRow>(
        m,
        `SELECT * FROM diagnosis.studies WHERE status = 'IN_PROGRESS' AND lease_expires_at <= now() FOR UPDATE SKIP LOCKED`,
      );
      return sweepRows(rows, (row) => requeueStudy(m, row, 'lease expired'));
    });
    const escalated = await this.ds.transaction(async (m) => {
      const rows = await rowsOf<StudyRow & { old_priority: keyof typeof BUMP }>(
        m,
        // The bumped priority gets its own countdown from now (item 11 of issue 12): a reader
        // sees how long the study may still wait at its new priority, not a deadline long gone.
        `UPDATE diagnosis.studies s SET escalated_at = now(),
           priority = CASE s.priority WHEN 'ROUTINE' THEN 'URGENT' ELSE 'STAT' END,
           due_at = now() + make_interval(secs => ${targetMinutesSql("CASE s.priority WHEN 'ROUTINE' THEN 'URGENT' ELSE 'STAT' END", 's.center_id')} * 60)
          FROM (SELECT id, priority AS old_priority FROM diagnosis.studies
                 WHERE status IN ('QUEUED', 'IN_PROGRESS') AND due_at <= now() AND escalated_at IS NULL FOR UPDATE SKIP LOCKED) due
         WHERE s.id = due.id RETURNING s.*, due.old_priority`,
      );
      return sweepRows(rows, (row) =>
        writeStudyEvent(m, row, 'turnaround.breached', {
          studyId: row.id,
          centerId: row.center_id!,
          priority: row.old_priority,
          newPriority: BUMP[row.old_priority],
          dueAt: new Date(row.due_at!).toISOString(),
        }),
      );
    });
    const criticalEscalated = await this.ds.transaction((m) => escalateOverdueFindings(m));
    return { leasesExpired, escalated, criticalEscalated };
  }
}
