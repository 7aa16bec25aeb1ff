import { MultipartError, type PartHandler, readMultipart } from './multipart';

/** A batch larger than this is a mistake or an attack; integration engines send studies in several. */
const MAX_PARTS = 1000;

/**
 * One multipart batch of instances, for the REST upload and STOW-RS alike. Each part is in
 * storage before the next is read, but its registration runs on while the next part arrives,
 * so the parts of one request share bus calls. A fault of ours (the bus, the database), from a
 * part or a registration, fails the request only once every registration has settled: parts
 * before it stay stored and a retry is idempotent.
 */
export class MultipartBatch {
  /** The registrations the parts started; each settles (never rejects) on its own. */
  private readonly registering: Promise<void>[] = [];
  /** The first fault of ours; read() throws it once every registration has settled. */
  private fault: unknown = null;

  /**
   * Waits for a part's registration alongside the next parts: `stored` or `refused` records
   * its outcome in the caller's results. What `refused` throws is a fault of ours, not the
   * part's; the first one is kept for read() to throw once every registration has settled.
   */
  track<T>(
    registration: Promise<T>,
    stored: (value: T) => void,
    refused: (error: unknown) => void,
  ): void {
    this.registering.push(
      registration.then(stored, (error: unknown) => {
        try {
          refused(error);
        } catch (fault) {
          this.fault ??= fault;
        }
      }),
    );
  }

  /**
   * Feeds every part to onPart. A malformed body is handed back rather than thrown, so the
   * caller can say what it stored before the fault.
   */
  async read(
    source: AsyncIterable<Buffer>,
    boundary: string,
    onPart: PartHandler,
  ): Promise<MultipartError | null> {
    let malformed: MultipartError | null = null;
    try {
      await readMultipart(source, boundary, onPart, {
        maxParts: MAX_PARTS,
        maxHeaderBytes: 16 * 1024,
      });
    } catch (error) {
      if (!(error instanceof MultipartError)) this.fault ??= error;
      else malformed = error;
    }
    await Promise.all(this.registering);
    if (this.fault) throw this.fault;
    return malformed;
  }
}
