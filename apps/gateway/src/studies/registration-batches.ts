import {
  Actor,
  AppError,
  encodeActor,
  IntakeContracts,
  MAX_REGISTER_BATCH,
  RegisteredInstance,
  RegisterInstance,
  ResponseOf,
} from '@app/shared';
import { NaturalBatches } from '../common/natural-batches';

/** NATS refuses messages over max_payload (1 MiB here); a batch stays well under it. */
const MAX_BATCH_JSON_BYTES = 512 * 1024;

export type RegisterMany = (
  actor: Actor,
  items: RegisterInstance[],
) => Promise<ResponseOf<typeof IntakeContracts.registerMany>>;

/**
 * Issue 16 item 2: registering an instance costs a bus round trip and a transaction however
 * small it is, so registrations go in natural batches, one lane per actor (a batch travels
 * under one signed actor): the next parts of a STOW-RS request, other uploads of the same
 * clinic user and other C-STOREs of the same modality share a call. Each item is refused or
 * registered on its own.
 */
export class RegistrationBatches {
  private readonly batches: NaturalBatches<Actor, RegisterInstance, RegisteredInstance>;

  constructor(registerMany: RegisterMany) {
    this.batches = new NaturalBatches(
      async (actor, items) =>
        (await registerMany(actor, items)).results.map((result) =>
          result.ok
            ? { ok: true as const, value: result.instance }
            : { ok: false as const, error: new AppError(result.code, result.message) },
        ),
      { maxItems: MAX_REGISTER_BATCH, maxWeight: MAX_BATCH_JSON_BYTES },
    );
  }

  register(actor: Actor, item: RegisterInstance): Promise<RegisteredInstance> {
    const bytes = Buffer.byteLength(JSON.stringify(item));
    return this.batches.add(encodeActor(actor), actor, item, bytes);
  }
}
