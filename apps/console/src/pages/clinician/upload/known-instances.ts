/**
 * What the server holds of each study, asked once per study and kept until the connection
 * falters: after a network failure a request may have been stored without its answer arriving,
 * so the next file of any study asks the server again (a new generation).
 */
export class KnownInstances {
  private studies = new Map<string, { generation: number; sops: Promise<Set<string>> }>();
  private generation = 0;

  constructor(private readonly ask: (studyUid: string) => Promise<Set<string>>) {}

  /** The SOP Instance UIDs stored for a study; one question at a time per study. */
  of(study: string): Promise<Set<string>> {
    const cached = this.studies.get(study);
    if (cached && cached.generation === this.generation) return cached.sops;
    const sops = this.ask(study);
    this.studies.set(study, { generation: this.generation, sops });
    sops.catch(() => {
      if (this.studies.get(study)?.sops === sops) this.studies.delete(study);
    });
    return sops;
  }

  /** A file just stored: no need to ask the server about it. */
  add(study: string, sop: string): void {
    void this.studies.get(study)?.sops.then(
      (s) => s.add(sop),
      () => undefined,
    );
  }

  /** Forget everything: ask again before the next send. */
  doubt(): void {
    this.generation++;
  }
}
