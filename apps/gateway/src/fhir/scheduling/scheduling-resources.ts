import type { ReferralDetail, ResponseOf, ReferralContracts } from '@app/shared';
import type { DepartmentRow } from '../directory/fhir-directory.queries';
import { SYSTEMS } from '../fhir-systems';

type Slot = ResponseOf<typeof ReferralContracts.searchSlots>['items'][number];

/** A department that publishes outpatient slots is one Schedule (id = the department's). */
export function toSchedule(d: DepartmentRow): fhir4.Schedule {
  return {
    resourceType: 'Schedule',
    id: d.id,
    active: true,
    serviceType: [{ text: d.name }],
    actor: [
      {
        identifier: { system: SYSTEMS.department, value: d.id },
        display: `${d.name} · ${d.institutionName}`,
      },
    ],
  };
}

/** One pool of one time window (R4: REFERRAL places are held for referrals). */
export function toSlot(s: Slot): fhir4.Slot {
  return {
    resourceType: 'Slot',
    id: s.id,
    extension: [{ url: SYSTEMS.freePlacesExtension, valueInteger: s.free }],
    serviceCategory: [{ coding: [{ system: SYSTEMS.capacityPool, code: s.pool }] }],
    schedule: { reference: `Schedule/${s.departmentId}` },
    status: s.free > 0 ? 'free' : 'busy',
    start: s.startsAt,
    end: s.endsAt,
    ...(s.doctorName ? { comment: s.doctorName } : {}),
  };
}

const APPOINTMENT_STATUS = {
  HELD: 'pending',
  BOOKED: 'booked',
  CONSUMED: 'fulfilled',
  RELEASED: 'cancelled',
} as const;

/**
 * The slot held or booked for a referral, as an Appointment whose id is the referral's (a
 * referral holds at most one place at a time). Beds are not appointments: they stay Task.input.
 */
export function toAppointment(r: ReferralDetail): fhir4.Appointment | null {
  const res = r.reservation;
  if (!res || res.kind !== 'SLOT' || !res.slotId) return null;
  const status =
    res.status === 'RELEASED' && r.status === 'NO_SHOW' ? 'noshow' : APPOINTMENT_STATUS[res.status];
  const timed = res.startsAt && res.endsAt;
  return {
    resourceType: 'Appointment',
    id: r.id,
    meta: { lastUpdated: r.updatedAt },
    status: timed || status === 'cancelled' ? status : 'proposed',
    ...(res.releaseReason && (status === 'cancelled' || status === 'noshow')
      ? { cancelationReason: { text: res.releaseReason } }
      : {}),
    slot: [{ reference: `Slot/${res.slotId}` }],
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    ...(timed ? { start: res.startsAt!, end: res.endsAt! } : {}),
    ...(res.status === 'HELD' && res.expiresAt ? { comment: `held until ${res.expiresAt}` } : {}),
    participant: [{ actor: { reference: `Patient/${r.patientId}` }, status: 'accepted' }],
  };
}
