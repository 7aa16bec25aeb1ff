const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const DIRECTION = 'https://cmc.example.org/fhir/CodeSystem/referral-direction';

/** A referral as an engine sends it: one transaction Bundle, ServiceRequest + Task. */
export function referralBundle(o: {
  patientId: string;
  to: string;
  slotId?: string;
  code?: string;
}) {
  const sr = 'urn:uuid:6f1c9e2a-8b7d-4c3e-9a1f-2b3c4d5e6f70';
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: sr,
        resource: {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          category: [{ coding: [{ system: DIRECTION, code: 'UP' }] }],
          priority: 'urgent',
          subject: { reference: `Patient/${o.patientId}` },
          performer: [{ reference: `Organization/${o.to}` }],
          reasonCode: [{ coding: [{ system: ICD10, code: o.code ?? 'I20.0' }] }],
          note: [{ text: '胸痛反复发作三天' }],
        },
        request: { method: 'POST', url: 'ServiceRequest' },
      },
      {
        resource: {
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          focus: { reference: sr },
          for: { reference: `Patient/${o.patientId}` },
          owner: { reference: `Organization/${o.to}` },
          reasonCode: { text: '需上级医院心内科进一步诊治' },
          ...(o.slotId
            ? {
                input: [
                  { type: { text: 'hold' }, valueReference: { reference: `Slot/${o.slotId}` } },
                ],
              }
            : {}),
        },
        request: { method: 'POST', url: 'Task' },
      },
    ],
  };
}

/**
 * The Parameters of Appointment/$hold: a proposed appointment for the referral `serviceRequestId`
 * in `slotId`, accepted by `patientId` (by no one named when it is left out).
 */
export function holdParameters(serviceRequestId: string, slotId: string, patientId?: string) {
  const actor = patientId ? { actor: { reference: `Patient/${patientId}` } } : {};
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'appointment-resource',
        resource: {
          resourceType: 'Appointment',
          status: 'proposed',
          basedOn: [{ reference: `ServiceRequest/${serviceRequestId}` }],
          slot: [{ reference: `Slot/${slotId}` }],
          participant: [{ ...actor, status: 'accepted' }],
        },
      },
    ],
  };
}
