/**
 * The loop of a time-sweep step (the referral and diagnosis sweeps both have several): the rows
 * its guarded statement picked are handled one after another, never in parallel, because they
 * share the step's transaction and one connection runs one query at a time. The sweep reports
 * how many rows each step handled, so this returns that count.
 */
export async function sweepRows<R>(
  rows: readonly R[],
  handle: (row: R) => Promise<unknown>,
): Promise<number> {
  for (const row of rows) await handle(row);
  return rows.length;
}
