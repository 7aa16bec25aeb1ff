import {
  Actor,
  AppError,
  createReferralSchema,
  GREEN_CHANNELS,
  type CreateReferral,
} from '@app/shared';
import { referencedId } from '../fhir-references';
import { entryShape, serviceRequestShape, shaped, taskShape } from './referral-shapes';
import { SYSTEMS } from '../fhir-systems';
import { PRIORITY_OF_URGENCY } from './referral-resources';

const URGENCY_OF_PRIORITY: Record<string, CreateReferral['urgency']> = {
  routine: 'ROUTINE',
  urgent: 'URGENT',
  asap: 'URGENT',
  stat: 'EMERGENCY',
};

type Entry = fhir4.BundleEntry;
const entryPath = (i: number) => `Bundle.entry[${i}]`;

const bad = (path: string, message: string) =>
  AppError.validation(`${path}: ${message}`, [{ path, message }]);

/**
 * A referral is created by one transaction Bundle holding exactly a ServiceRequest (the
 * order) and a Task (the workflow, Task.focus → the ServiceRequest's fullUrl), both POSTed.
 * Everything the referral service needs is read from them; what it decides itself
 * (ids, status, the sender) is not taken from the client.
 */
export function referralFromBundle(
  actor: Actor,
  body: unknown,
): Omit<CreateReferral, 'familyDoctorSigned' | 'originKey'> {
  const bundle = body as fhir4.Bundle;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle')
    throw bad('Bundle', 'POST /fhir takes a Bundle (resourceType "Bundle")');
  if (bundle.type !== 'transaction')
    throw bad('Bundle.type', 'must be "transaction" (batch and others are not supported)');
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (entries.length !== 2)
    throw bad('Bundle.entry', 'a referral is exactly one ServiceRequest and one Task');
  const srIndex = entries.findIndex((e) => e?.resource?.resourceType === 'ServiceRequest');
  const taskIndex = entries.findIndex((e) => e?.resource?.resourceType === 'Task');
  if (srIndex < 0 || taskIndex < 0)
    throw bad('Bundle.entry', 'a referral is exactly one ServiceRequest and one Task');
  for (const [i, type] of [
    [srIndex, 'ServiceRequest'],
    [taskIndex, 'Task'],
  ] as const) {
    const req = shaped<fhir4.BundleEntry>(entryShape, entries[i], entryPath(i)).request;
    if (req?.method !== 'POST' || req.url !== type)
      throw bad(`${entryPath(i)}.request`, `must be { "method": "POST", "url": "${type}" }`);
  }
  const srPath = `${entryPath(srIndex)}.resource`;
  const taskPath = `${entryPath(taskIndex)}.resource`;
  const sr = shaped<fhir4.ServiceRequest>(serviceRequestShape, entries[srIndex].resource, srPath);
  const task = shaped<fhir4.Task>(taskShape, entries[taskIndex].resource, taskPath);
  checkFocus(entries[srIndex], task, taskIndex);

  const patientId = referencedId(sr.subject, 'Patient', `${srPath}.subject`);
  if (task.for && referencedId(task.for, 'Patient', `${taskPath}.for`) !== patientId)
    throw bad(`${taskPath}.for`, 'must be the ServiceRequest.subject');
  const toInstitutionId = referencedId(sr.performer?.[0], 'Organization', `${srPath}.performer[0]`);
  if (
    task.owner &&
    referencedId(task.owner, 'Organization', `${taskPath}.owner`) !== toInstitutionId
  )
    throw bad(
      `${taskPath}.owner`,
      'must be the ServiceRequest.performer (the receiving institution)',
    );
  for (const [ref, path] of [
    [sr.requester, `${srPath}.requester`],
    [task.requester, `${taskPath}.requester`],
  ] as const)
    if (ref && referencedId(ref, 'Organization', path) !== actor.institutionId)
      throw bad(path, "must be the caller's own institution (the sender), or left out");

  const input = {
    direction: codeOf(sr.category, SYSTEMS.referralDirection, `${srPath}.category`, true),
    toInstitutionId,
    patientId,
    diagnoses: diagnosesOf(sr, srPath),
    reason: task.reasonCode?.text ?? '',
    urgency: urgencyOf(sr.priority ?? task.priority, `${srPath}.priority`),
    greenChannel: codeOf(sr.category, SYSTEMS.greenChannel, `${srPath}.category`, false),
    clinicalSummary: sr.note?.map((n) => n.text).join('\n\n') ?? '',
    justification: sr.extension?.find((e) => e.url === SYSTEMS.justificationExtension)?.valueString,
    hold: holdOf(task, taskPath),
  };
  if (!input.reason)
    throw bad(`${taskPath}.reasonCode.text`, 'the reason for referral (转诊原因) is required');
  if (input.greenChannel && !(GREEN_CHANNELS as readonly string[]).includes(input.greenChannel))
    throw bad(`${srPath}.category`, `green channel must be one of ${GREEN_CHANNELS.join(', ')}`);
  const parsed = createReferralSchema
    .omit({ familyDoctorSigned: true, originKey: true })
    .safeParse(input);
  if (!parsed.success)
    throw AppError.validation(
      'The referral is not valid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  return parsed.data;
}

function checkFocus(srEntry: Entry, task: fhir4.Task, taskIndex: number) {
  const path = `${entryPath(taskIndex)}.resource.focus`;
  const focus = task.focus?.reference;
  if (!srEntry.fullUrl || !srEntry.fullUrl.startsWith('urn:uuid:'))
    throw bad(
      'Bundle.entry.fullUrl',
      'the ServiceRequest needs a fullUrl urn:uuid:… for Task.focus',
    );
  if (focus !== srEntry.fullUrl)
    throw bad(path, 'must reference the ServiceRequest entry’s fullUrl');
}

function codeOf(
  concepts: fhir4.CodeableConcept[] | undefined,
  system: string,
  path: string,
  required: boolean,
): string | undefined {
  const code = concepts?.flatMap((c) => c.coding ?? []).find((c) => c.system === system)?.code;
  if (required && !code) throw bad(path, `needs a coding of system ${system} (UP or DOWN)`);
  return code;
}

function diagnosesOf(sr: fhir4.ServiceRequest, path: string): string[] {
  const codings = (sr.reasonCode ?? []).flatMap((c) => c.coding ?? []);
  const foreign = codings.find((c) => c.system !== SYSTEMS.icd10);
  if (foreign)
    throw bad(`${path}.reasonCode`, `diagnoses are coded in ${SYSTEMS.icd10} (ICD-10, GB/T 14396)`);
  return codings.map((c) => c.code ?? '');
}

function urgencyOf(priority: string | undefined, path: string): CreateReferral['urgency'] {
  if (priority === undefined) return 'ROUTINE';
  const urgency = URGENCY_OF_PRIORITY[priority];
  if (!urgency)
    throw bad(path, `must be one of ${Object.values(PRIORITY_OF_URGENCY).join(', ')}, asap`);
  return urgency;
}

/** Task.input "hold": a Slot (outpatient) or a Location (a bed) to hold at once (R5). */
function holdOf(task: fhir4.Task, path: string): CreateReferral['hold'] {
  const inputs = task.input ?? [];
  if (inputs.length > 1) throw bad(`${path}.input`, 'at most one place to hold');
  const ref = inputs[0]?.valueReference?.reference;
  if (!inputs[0]) return undefined;
  if (ref?.startsWith('Slot/'))
    return {
      kind: 'SLOT',
      slotId: referencedId(inputs[0].valueReference, 'Slot', `${path}.input[0]`),
    };
  return {
    kind: 'BED',
    bedId: referencedId(inputs[0].valueReference, 'Location', `${path}.input[0]`),
  };
}
