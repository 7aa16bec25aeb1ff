import type { QueueItem, QueueStore } from './queue-types';

/**
 * The queue in IndexedDB, one database per user (a shared clinic laptop must never send one
 * clinician's files under another's name): `items` holds each file's state, `blobs` the bytes of
 * files not yet stored, so a closed tab or a restarted laptop resumes where it stopped.
 */
const VERSION = 1;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, VERSION);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('items', { keyPath: 'id' });
      req.result.createObjectStore('blobs');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export class IdbQueueStore implements QueueStore {
  private db: Promise<IDBDatabase>;

  constructor(userId: string) {
    this.db = open(`cmc-upload-queue-${userId}`);
  }

  private async tx<T>(
    stores: string[],
    mode: IDBTransactionMode,
    work: (tx: IDBTransaction) => Promise<T>,
  ): Promise<T> {
    const tx = (await this.db).transaction(stores, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
      tx.onerror = () => reject(tx.error);
    });
    const result = await work(tx);
    await done;
    return result;
  }

  load(): Promise<QueueItem[]> {
    return this.tx(['items'], 'readonly', (tx) =>
      request(tx.objectStore('items').getAll() as IDBRequest<QueueItem[]>),
    );
  }
  save(item: QueueItem): Promise<void> {
    return this.tx(['items'], 'readwrite', async (tx) => {
      await request(tx.objectStore('items').put(item));
    });
  }
  saveBlob(id: string, blob: Blob): Promise<void> {
    return this.tx(['blobs'], 'readwrite', async (tx) => {
      await request(tx.objectStore('blobs').put(blob, id));
    });
  }
  blob(id: string): Promise<Blob | undefined> {
    return this.tx(['blobs'], 'readonly', (tx) =>
      request(tx.objectStore('blobs').get(id) as IDBRequest<Blob | undefined>),
    );
  }
  dropBlob(id: string): Promise<void> {
    return this.tx(['blobs'], 'readwrite', async (tx) => {
      await request(tx.objectStore('blobs').delete(id));
    });
  }
  remove(id: string): Promise<void> {
    return this.tx(['items', 'blobs'], 'readwrite', async (tx) => {
      const items = request(tx.objectStore('items').delete(id));
      const blobs = request(tx.objectStore('blobs').delete(id));
      await Promise.all([items, blobs]);
    });
  }
}
