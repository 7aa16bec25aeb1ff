import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, NatsConnection } from '@nats-io/transport-node';

export interface StreamNames {
  events: string;
  deadLetters: string;
  eventSubject: (type: string) => string;
  deadLetterSubject: (consumer: string) => string;
  allEvents: string;
}

export function streamNames(prefix: string): StreamNames {
  const upper = prefix.toUpperCase();
  return {
    events: `${upper}_EVENTS`,
    deadLetters: `${upper}_DLQ`,
    eventSubject: (type) => `${prefix}.evt.${type}`,
    deadLetterSubject: (consumer) => `${prefix}.dlq.${consumer}`,
    allEvents: `${prefix}.evt.>`,
  };
}

/** The duplicate window is how long JetStream remembers an event id for deduplication. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

export async function ensureStreams(nc: NatsConnection, prefix: string): Promise<StreamNames> {
  const names = streamNames(prefix);
  const jsm = await jetstreamManager(nc);
  const wanted = [
    { name: names.events, subjects: [names.allEvents], maxAgeDays: 30 },
    { name: names.deadLetters, subjects: [`${prefix}.dlq.>`], maxAgeDays: 90 },
  ];
  for (const s of wanted) {
    const config = {
      name: s.name,
      subjects: s.subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(s.maxAgeDays * 24 * 3600 * 1000),
    };
    try {
      await jsm.streams.info(s.name);
      await jsm.streams.update(s.name, config);
    } catch {
      await jsm.streams.add(config);
    }
  }
  return names;
}

export async function deleteStreams(nc: NatsConnection, prefix: string): Promise<void> {
  const names = streamNames(prefix);
  const jsm = await jetstreamManager(nc);
  for (const name of [names.events, names.deadLetters]) {
    await jsm.streams.delete(name).catch(() => undefined);
  }
}
