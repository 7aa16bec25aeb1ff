import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { api } from '../../../api/client';
import { summarizeFile } from './dicom-header';
import { IdbQueueStore } from './idb-store';
import { sendInstance, storedSops } from './transport';
import { UploadQueue } from './upload-queue';

/** One queue per user for the life of the page; another user's queue is paused and forgotten. */
const queues = new Map<string, UploadQueue>();

function queueFor(userId: string): UploadQueue {
  for (const [owner, queue] of queues)
    if (owner !== userId) {
      queue.pause();
      queues.delete(owner);
    }
  let queue = queues.get(userId);
  if (!queue) {
    queue = new UploadQueue({
      store: new IdbQueueStore(userId),
      summarize: summarizeFile,
      send: sendInstance,
      storedSops,
      online: () => navigator.onLine,
      now: () => Date.now(),
      random: Math.random,
      later: (fn, ms) => {
        const timer = setTimeout(fn, ms);
        return () => clearTimeout(timer);
      },
      // Any typed call that answers 401 brings up the shell's sign-in over the page.
      sessionLost: () => void api.GET('/api/v1/me').catch(() => undefined),
    });
    queues.set(userId, queue);
  }
  return queue;
}

/**
 * The queue sends while the upload page is open (leaving pauses it; coming back, or opening the
 * page again after the tab was closed, goes on where it stopped), and follows the connection.
 */
export function useUploadQueue(userId: string) {
  const queue = useMemo(() => queueFor(userId), [userId]);
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  useEffect(() => {
    const back = () => queue.connectionBack();
    const lost = () => queue.connectionLost();
    window.addEventListener('online', back);
    window.addEventListener('offline', lost);
    queue.resume();
    return () => {
      window.removeEventListener('online', back);
      window.removeEventListener('offline', lost);
      queue.pause();
    };
  }, [queue]);
  return { queue, snapshot };
}
