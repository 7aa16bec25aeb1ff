import type { HeaderResult } from './dicom-header';

/**
 * waiting → checking (does the server have it?) → uploading → stored | existing | refused;
 * network trouble and server errors go back to waiting with a time to retry; `failed` is where a
 * file stops after too many server errors (the clinician may retry it); `rejected` files were
 * never sent (not DICOM, no UIDs).
 */
export type ItemState =
  'waiting' | 'checking' | 'uploading' | 'stored' | 'existing' | 'refused' | 'rejected' | 'failed';

export interface QueueItem {
  /** The SOP Instance UID: one file per instance, whatever its name. Rejected files: a random id. */
  id: string;
  /** Order of arrival in the queue; files are sent in that order. */
  seq: number;
  name: string;
  size: number;
  sop?: string;
  study?: string;
  patient?: string;
  modality?: string;
  state: ItemState;
  /** Bytes the browser has sent of the current attempt. */
  loaded: number;
  /** POSTs made for this file. */
  attempts: number;
  /** Failures in a row (checks and sends), for the backoff. */
  failures: number;
  retryAt?: number;
  reason?: string;
  /** The platform's id of the study, once stored: the detail page and the 申请单. */
  studyId?: string;
  /** The file could not be kept in IndexedDB (storage full): closing the page loses it. */
  volatile?: boolean;
}

export const FINISHED: ReadonlySet<ItemState> = new Set([
  'stored',
  'existing',
  'refused',
  'rejected',
]);
export const DONE: ReadonlySet<ItemState> = new Set(['stored', 'existing']);

export type SendOutcome =
  | { kind: 'stored'; created: boolean; studyId: string }
  | { kind: 'refused'; status: number; reason: string }
  /** status 0: no answer at all (the connection dropped, a timeout). */
  | { kind: 'retry'; status: number; reason: string; afterMs?: number };

/** Where the queue survives a closed tab: the items, and each waiting file's bytes. */
export interface QueueStore {
  load(): Promise<QueueItem[]>;
  save(item: QueueItem): Promise<void>;
  saveBlob(id: string, blob: Blob): Promise<void>;
  blob(id: string): Promise<Blob | undefined>;
  dropBlob(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface QueueDeps {
  store: QueueStore;
  summarize(file: Blob): Promise<HeaderResult>;
  send(blob: Blob, onProgress: (loaded: number) => void): Promise<SendOutcome>;
  /** The SOP Instance UIDs the server holds for a study (of the caller's institution). */
  storedSops(studyUid: string): Promise<Set<string>>;
  online(): boolean;
  now(): number;
  random(): number;
  later(fn: () => void, ms: number): () => void;
  /** A 401: let the shell ask for the password again; the queue waits. */
  sessionLost(): void;
}

export interface QueueSnapshot {
  items: QueueItem[];
  online: boolean;
  /** Files being read (parsed) before they join the queue. */
  reading: number;
  loaded: boolean;
  /** False when IndexedDB could not be opened: a closed tab loses the queue. */
  persistent: boolean;
}
