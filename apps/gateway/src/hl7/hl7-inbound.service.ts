import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AppError, ExamOrderContracts } from '@app/shared';
import { AuditOrigin, AuditService } from '../audit/audit.service';
import { BusCaller } from '../common/bus-call';
import { PatientsService } from '../patients/patients.service';
import { patientFromPid, PidPatient } from './adt-mapping';
import { CallingHl7Client, checkHl7Caller } from './hl7-caller';
import { ERROR_CODES, Hl7Error } from './hl7-error';
import type { Inbound } from './hl7-inbound';
import { orderFromOrm } from './orm-mapping';
import { asHl7Error } from './service-refusal';

/** ADT events that register (A01 admit, A04 register, A28 add person) or update (A08, A31). */
const ADT_REGISTER = new Set(['A01', 'A04', 'A28']);
const ADT_UPDATE = new Set(['A08', 'A31']);

/**
 * What a message from an HL7 client does, through the same services as REST: ADT into the
 * patient index (PatientsService: GB 11643 check, keyed hash, encryption, audit), ORM into an
 * exam order over the bus (ExamOrderContracts), audited as the REST route audits it.
 */
@Injectable()
export class Hl7InboundService {
  constructor(
    private readonly ds: DataSource,
    private readonly patients: PatientsService,
    private readonly audit: AuditService,
    private readonly bus: BusCaller,
  ) {}

  async handle(inbound: Inbound): Promise<void> {
    const client = await checkHl7Caller(
      this.ds,
      inbound.sendingApplication,
      inbound.sendingFacility,
      inbound.remoteAddress,
    );
    const origin: AuditOrigin = {
      ip: inbound.remoteAddress,
      userAgent: `HL7 v2 MLLP ${inbound.type}^${inbound.event}`,
    };
    try {
      if (inbound.type === 'ADT') return await this.adt(client, inbound, origin);
      if (
        (inbound.type === 'ORM' && inbound.event === 'O01') ||
        (inbound.type === 'OMI' && inbound.event === 'O23')
      )
        return await this.orm(client, inbound, origin);
    } catch (error) {
      // Anything else is ours (a bug, the database): the listener logs it and answers AR 207.
      throw error instanceof AppError ? asHl7Error(error) : error;
    }
    throw Hl7Error.reject(
      ERROR_CODES.UNSUPPORTED_MESSAGE_TYPE,
      'only ADT^A01/A04/A08/A28/A31, ORM^O01 and OMI^O23 are taken',
      { segment: 'MSH', field: 9 },
    );
  }

  private async adt(client: CallingHl7Client, inbound: Inbound, origin: AuditOrigin) {
    const register = ADT_REGISTER.has(inbound.event);
    if (!register && !ADT_UPDATE.has(inbound.event))
      throw Hl7Error.reject(ERROR_CODES.UNSUPPORTED_EVENT_CODE, 'ADT event not taken', {
        segment: 'MSH',
        field: 9,
        component: 2,
      });
    const pid = patientFromPid(inbound.message);
    const id = await this.upsertPatient(client.actor, pid, origin, !register);
    if (pid.phone) await this.patients.update(client.actor, id, { phone: pid.phone }, origin);
  }

  /** Registers the patient; an update (A08) also takes the name the HIS now has. */
  private async upsertPatient(
    actor: Actor,
    pid: PidPatient,
    origin: AuditOrigin,
    takeName: boolean,
  ): Promise<string> {
    const { created, patient } = await this.patients.register(
      actor,
      { residentId: pid.residentId, name: pid.name, familyDoctorSigned: false },
      origin,
    );
    const { id, name } = patient as { id: string; name: string };
    if (!created && takeName && name !== pid.name) {
      await this.ds.transaction(async (m) => {
        await m.query(`UPDATE gateway.patients SET name = $3 WHERE id = $1 AND community_id = $2`, [
          id,
          actor.communityId,
          pid.name,
        ]);
        await this.audit.record(
          actor,
          { action: 'update', resourceType: 'Patient', resourceId: id, patientId: id },
          origin,
          m,
        );
      });
    }
    return id;
  }

  private async orm(client: CallingHl7Client, inbound: Inbound, origin: AuditOrigin) {
    const parsed = orderFromOrm(inbound.message, client.defaultCenterId, new Date());
    const [known] = await this.ds.query(
      `SELECT order_id AS "orderId" FROM gateway.hl7_orders WHERE client_id = $1 AND placer_order_number = $2`,
      [client.id, parsed.placerOrderNumber],
    );
    if (parsed.control === 'CA') {
      if (!known)
        throw Hl7Error.content(ERROR_CODES.UNKNOWN_KEY, 'no order with this placer number', {
          segment: 'ORC',
          field: 2,
        });
      const order = await this.bus.call(client.actor, ExamOrderContracts.cancel, {
        id: known.orderId,
        reason: parsed.reason,
      });
      await this.recordOrder(client.actor, 'update', order.id, order.patientId, origin);
      return;
    }
    // A resent ORM (its ACK was lost) is the same order: answered AA, not ordered twice.
    if (known) return;
    const pid = patientFromPid(inbound.message);
    const patientId = await this.upsertPatient(client.actor, pid, origin, false);
    const patient = await this.patients.requireInCommunity(client.actor, patientId);
    const order = await this.bus.call(client.actor, ExamOrderContracts.create, {
      ...parsed.order,
      patientId,
      familyDoctorSigned: patient.familyDoctorSigned,
    });
    await this.ds.query(
      `INSERT INTO gateway.hl7_orders (client_id, placer_order_number, order_id, accession_number)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [client.id, parsed.placerOrderNumber, order.id, order.accessionNumber],
    );
    await this.recordOrder(client.actor, 'create', order.id, order.patientId, origin);
  }

  private recordOrder(
    actor: Actor,
    action: 'create' | 'update',
    orderId: string,
    patientId: string,
    origin: AuditOrigin,
  ) {
    return this.audit.record(
      actor,
      { action, resourceType: 'ServiceRequest', resourceId: orderId, patientId },
      origin,
    );
  }
}
