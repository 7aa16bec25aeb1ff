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

/** NATS refuses messages over max_payload (1 MiB here); a batch stays well under it. */
const MAX_BATCH_JSON_BYTES = 512 * 1024;

interface Waiting {
  item: RegisterInstance;
  bytes: number;
  resolve: (instance: RegisteredInstance) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  actor: Actor;
  waiting: Waiting[];
  inFlight: boolean;
}

/**
 * Issue 16 item 2: registering an instance costs a bus round trip and a transaction however
 * small it is, so registrations are batched the way a database batches commits. Per actor
 * (the batch travels under one signed actor), one call is in flight at a time; what arrives
 * meanwhile (the next parts of a STOW-RS request, other uploads of the same clinic user,
 * other C-STOREs of the same modality) goes in the next call. A lone upload is sent at once
 * and waits for nobody; under load, batches grow by themselves. Every caller still gets its
 * own answer only after its instance is committed.
 */
export type RegisterMany = (
  actor: Actor,
  items: RegisterInstance[],
) => Promise<ResponseOf<typeof IntakeContracts.registerMany>>;

export class RegistrationBatches {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly registerMany: RegisterMany) {}

  register(actor: Actor, item: RegisterInstance): Promise<RegisteredInstance> {
    const key = encodeActor(actor);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { actor, waiting: [], inFlight: false };
      this.lanes.set(key, lane);
    }
    const bytes = Buffer.byteLength(JSON.stringify(item));
    const promise = new Promise<RegisteredInstance>((resolve, reject) =>
      lane.waiting.push({ item, bytes, resolve, reject }),
    );
    this.send(key, lane);
    return promise;
  }

  private send(key: string, lane: Lane): void {
    if (lane.inFlight) return;
    if (lane.waiting.length === 0) {
      this.lanes.delete(key);
      return;
    }
    const batch = this.takeBatch(lane);
    lane.inFlight = true;
    this.registerMany(
      lane.actor,
      batch.map((w) => w.item),
    )
      .then(
        ({ results }) =>
          batch.forEach((w, i) => {
            const result = results[i];
            if (result?.ok) w.resolve(result.instance);
            else if (result) w.reject(new AppError(result.code, result.message));
            else w.reject(new Error('The diagnosis service answered fewer results than items'));
          }),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        lane.inFlight = false;
        this.send(key, lane);
      });
  }

  /** The oldest waiting items, up to the item and size bounds (always at least one). */
  private takeBatch(lane: Lane): Waiting[] {
    let bytes = 0;
    let count = 0;
    for (const w of lane.waiting) {
      if (count === MAX_REGISTER_BATCH || (count > 0 && bytes + w.bytes > MAX_BATCH_JSON_BYTES))
        break;
      bytes += w.bytes;
      count += 1;
    }
    return lane.waiting.splice(0, count);
  }
}
