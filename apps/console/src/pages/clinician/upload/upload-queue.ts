import { isRetryable, MAX_SERVER_ATTEMPTS, retryDelay } from './backoff';
import { KnownInstances } from './known-instances';
import { queueItem } from './queue-item';
import type { QueueDeps, QueueItem, QueueSnapshot, SendOutcome } from './queue-types';

/** Two or three at once: enough to fill a slow uplink, few enough not to starve the page. */
export const CONCURRENCY = 3;
const PROGRESS_EVERY_MS = 150;

/**
 * The upload queue of one clinician. Every file is known by its SOP Instance UID; before a file
 * is sent (and again after any network failure, when a request may have been stored without its
 * answer arriving) the server is asked which instances of the study it already holds, so a file
 * is never sent again once stored. State lives in the store (IndexedDB) so a closed tab resumes.
 */
export class UploadQueue {
  private items = new Map<string, QueueItem>();
  private memoryBlobs = new Map<string, Blob>();
  private active = new Set<string>();
  private readonly known: KnownInstances;
  private seq = 0;
  private reading = 0;
  private running = false;
  private loaded = false;
  private persistent = true;
  private cancelWake?: () => void;
  private cancelEmit?: () => void;
  private listeners = new Set<() => void>();
  private snapshot: QueueSnapshot = {
    items: [],
    online: true,
    reading: 0,
    loaded: false,
    persistent: true,
  };
  private readonly ready: Promise<void>;

  constructor(private readonly deps: QueueDeps) {
    this.known = new KnownInstances(deps.storedSops);
    this.ready = this.load();
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;

  /** Starts (or goes on) sending. */
  resume(): void {
    this.running = true;
    void this.ready.then(() => this.pump());
  }

  /** Stops starting new sends (those under way finish); the queue stays as it is. */
  pause(): void {
    this.running = false;
    this.cancelWake?.();
  }

  /** The connection is back: whatever was stored meanwhile is asked for again, then sent now. */
  connectionBack(): void {
    this.known.doubt();
    for (const item of this.items.values())
      if (item.state === 'waiting') Object.assign(item, { retryAt: undefined, failures: 0 });
    this.emit();
    this.pump();
  }

  connectionLost(): void {
    this.emit();
  }

  /** Reads each file's header, then queues it; files already queued (same SOP UID) are skipped. */
  async add(files: File[]): Promise<{ added: number; duplicates: number; rejected: number }> {
    await this.ready;
    const tally = { added: 0, duplicates: 0, rejected: 0 };
    this.reading += files.length;
    this.emit();
    for (const file of files) {
      try {
        const item = queueItem(file, await this.deps.summarize(file), ++this.seq);
        if (item.state === 'rejected') {
          tally.rejected++;
          this.put(item);
          continue;
        }
        const earlier = this.items.get(item.id);
        if (earlier && !['refused', 'failed'].includes(earlier.state)) {
          tally.duplicates++;
          continue;
        }
        try {
          await this.deps.store.saveBlob(item.id, file);
        } catch {
          item.volatile = true;
          this.memoryBlobs.set(item.id, file);
        }
        this.put(item);
        tally.added++;
        this.pump();
      } finally {
        this.reading--;
        this.emit();
      }
    }
    return tally;
  }

  /** A failed file (too many server errors), or every one, tried again now. */
  retry(id?: string): void {
    for (const item of this.items.values())
      if (item.state === 'failed' && (!id || item.id === id))
        this.put({ ...item, state: 'waiting', failures: 0, retryAt: undefined, reason: undefined });
    this.pump();
  }

  /** Takes finished files (stored, refused, not DICOM) off the list. */
  clearFinished(): void {
    for (const item of [...this.items.values()])
      if (['stored', 'existing', 'refused', 'rejected'].includes(item.state)) this.drop(item.id);
  }

  remove(id: string): void {
    if (!this.active.has(id)) this.drop(id);
  }

  private drop(id: string) {
    this.items.delete(id);
    this.memoryBlobs.delete(id);
    void this.deps.store.remove(id).catch(() => undefined);
    this.emit();
  }

  private async load(): Promise<void> {
    try {
      for (const item of await this.deps.store.load()) {
        // Interrupted mid-send by a closed tab: maybe stored, maybe not; the check will tell.
        if (item.state === 'checking' || item.state === 'uploading')
          Object.assign(item, { state: 'waiting', loaded: 0 });
        this.items.set(item.id, item);
        this.seq = Math.max(this.seq, item.seq);
      }
    } catch {
      // No IndexedDB (a private window, a locked-down browser): the queue lives in memory only.
      this.persistent = false;
    } finally {
      this.loaded = true;
      this.emit();
    }
  }

  private pump(): void {
    if (!this.running || !this.loaded) return;
    this.cancelWake?.();
    this.cancelWake = undefined;
    if (!this.deps.online()) return this.emit();
    const now = this.deps.now();
    let wakeAt = Infinity;
    for (const item of [...this.items.values()].sort((a, b) => a.seq - b.seq)) {
      if (item.state !== 'waiting' || this.active.has(item.id)) continue;
      if (item.retryAt && item.retryAt > now) {
        wakeAt = Math.min(wakeAt, item.retryAt);
        continue;
      }
      if (this.active.size >= CONCURRENCY) break;
      this.active.add(item.id);
      void this.run(item).finally(() => {
        this.active.delete(item.id);
        this.pump();
      });
    }
    if (wakeAt < Infinity) this.cancelWake = this.deps.later(() => this.pump(), wakeAt - now);
  }

  private async run(item: QueueItem): Promise<void> {
    this.put({ ...item, state: 'checking' }, false);
    let stored: Set<string>;
    try {
      stored = await this.known.of(item.study!);
    } catch {
      return this.later(item, { kind: 'retry', status: 0, reason: '无法查询服务器已有的影像' });
    }
    if (stored.has(item.sop!)) return this.finish(item.id, 'existing', undefined);
    const blob = this.memoryBlobs.get(item.id) ?? (await this.deps.store.blob(item.id));
    if (!blob)
      return this.put({
        ...this.current(item),
        state: 'failed',
        reason: '本机队列中已没有此文件，请重新选择',
      });
    if (!this.deps.online() || !this.running)
      return this.put({ ...this.current(item), state: 'waiting' });
    const sending = { ...this.current(item), state: 'uploading' as const, loaded: 0 };
    this.put({ ...sending, attempts: sending.attempts + 1, reason: undefined });
    const outcome = await this.deps.send(blob, (loaded) => {
      const now = this.items.get(item.id);
      if (now) now.loaded = loaded;
      this.emitSoon();
    });
    if (outcome.kind === 'stored') {
      this.known.add(item.study!, item.sop!);
      return this.finish(item.id, outcome.created ? 'stored' : 'existing', outcome.studyId);
    }
    if (outcome.kind === 'refused' && outcome.status !== 401) {
      void this.deps.store.dropBlob(item.id).catch(() => undefined);
      this.memoryBlobs.delete(item.id);
      return this.put({
        ...this.current(item),
        state: 'refused',
        reason: outcome.reason,
        loaded: 0,
      });
    }
    if (outcome.status === 401) this.deps.sessionLost();
    // The request may have been stored without its answer reaching us: ask the server again.
    if (outcome.status === 0) this.known.doubt();
    this.later(item, outcome);
  }

  private later(item: QueueItem, outcome: SendOutcome & { kind: 'retry' | 'refused' }): void {
    const now = this.current(item);
    const failures = now.failures + 1;
    const serverError = outcome.status !== 0 && outcome.status !== 401;
    if (serverError && isRetryable(outcome.status) && failures >= MAX_SERVER_ATTEMPTS)
      return this.put({
        ...now,
        state: 'failed',
        failures,
        loaded: 0,
        reason: `${outcome.reason}（已重试 ${failures} 次）`,
      });
    const delay =
      ('afterMs' in outcome && outcome.afterMs) || retryDelay(failures, this.deps.random);
    const reason = !this.deps.online()
      ? '网络已断开，恢复连接后继续'
      : `${outcome.reason}，${Math.ceil(delay / 1000)} 秒后重试`;
    this.put({
      ...now,
      state: 'waiting',
      failures,
      loaded: 0,
      retryAt: this.deps.now() + delay,
      reason,
    });
  }

  private finish(id: string, state: 'stored' | 'existing', studyId: string | undefined): void {
    const item = this.items.get(id);
    if (!item) return;
    void this.deps.store.dropBlob(id).catch(() => undefined);
    this.memoryBlobs.delete(id);
    this.put({
      ...item,
      state,
      studyId: studyId ?? item.studyId,
      loaded: item.size,
      failures: 0,
      retryAt: undefined,
      reason: state === 'existing' ? '服务器已有此影像，未重复发送' : undefined,
    });
  }

  private current(item: QueueItem): QueueItem {
    return this.items.get(item.id) ?? item;
  }

  /** Replaces an item and saves it (unless the state is as fleeting as `checking`). */
  private put(item: QueueItem, persist = true): void {
    this.items.set(item.id, item);
    if (persist) void this.deps.store.save(item).catch(() => undefined);
    this.emit();
  }

  private emitSoon(): void {
    if (this.cancelEmit) return;
    this.cancelEmit = this.deps.later(() => {
      this.cancelEmit = undefined;
      this.emit();
    }, PROGRESS_EVERY_MS);
  }

  private emit(): void {
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }

  private makeSnapshot(): QueueSnapshot {
    return {
      items: [...this.items.values()].sort((a, b) => a.seq - b.seq).map((i) => ({ ...i })),
      online: this.deps.online(),
      reading: this.reading,
      loaded: this.loaded,
      persistent: this.persistent,
    };
  }
}
