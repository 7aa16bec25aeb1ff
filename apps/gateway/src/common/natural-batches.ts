/** What one item of a batch came to: its value, or why it alone failed. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatchLimits {
  maxItems: number;
  /** The summed weight (bytes, say) a batch stays under; one item alone may exceed it. */
  maxWeight: number;
}

interface Waiting<I, R> {
  item: I;
  weight: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

interface Lane<C, I, R> {
  context: C;
  waiting: Waiting<I, R>[];
  inFlight: boolean;
}

/**
 * Batching the way a database batches commits (issue 16): per lane, one flush is in flight at
 * a time; what arrives meanwhile goes in the next. A lone item is sent at once and waits for
 * nobody; under load, batches grow by themselves. Each caller still gets its own outcome, and
 * only once its item's flush has finished, so nothing is answered before it is durable.
 */
export class NaturalBatches<C, I, R> {
  private readonly lanes = new Map<string, Lane<C, I, R>>();

  constructor(
    private readonly flush: (context: C, items: I[]) => Promise<Outcome<R>[]>,
    private readonly limits: BatchLimits,
  ) {}

  /** `key` names the lane; items of one lane share `context` (the first caller's). */
  add(key: string, context: C, item: I, weight = 1): Promise<R> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { context, waiting: [], inFlight: false };
      this.lanes.set(key, lane);
    }
    const promise = new Promise<R>((resolve, reject) =>
      lane.waiting.push({ item, weight, resolve, reject }),
    );
    this.send(key, lane);
    return promise;
  }

  private send(key: string, lane: Lane<C, I, R>): void {
    if (lane.inFlight) return;
    if (lane.waiting.length === 0) {
      this.lanes.delete(key);
      return;
    }
    const batch = this.take(lane);
    lane.inFlight = true;
    this.flush(
      lane.context,
      batch.map((w) => w.item),
    )
      .then(
        (outcomes) =>
          batch.forEach((w, i) => {
            const outcome = outcomes[i];
            if (!outcome) w.reject(new Error('The batch answered fewer outcomes than items'));
            else if (outcome.ok) w.resolve(outcome.value);
            else w.reject(outcome.error);
          }),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        lane.inFlight = false;
        this.send(key, lane);
      });
  }

  /** The oldest waiting items, up to the bounds (always at least one). */
  private take(lane: Lane<C, I, R>): Waiting<I, R>[] {
    let weight = 0;
    let count = 0;
    for (const w of lane.waiting) {
      if (
        count === this.limits.maxItems ||
        (count > 0 && weight + w.weight > this.limits.maxWeight)
      )
        break;
      weight += w.weight;
      count += 1;
    }
    return lane.waiting.splice(0, count);
  }
}
