import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';

/** What one request carries: the encoded body, its (signed) headers and how long to wait. */
export class BusRecord {
  constructor(
    readonly body: Uint8Array,
    readonly headers: MsgHdrs,
    readonly timeoutMs: number,
  ) {}
}

/**
 * Nest's ClientProxy over nats.js v3 request/reply. `nc.request` hears NATS' "no responders"
 * status at once, so a stopped service fails in milliseconds rather than at the timeout; the
 * body and headers are ours (contract-checked JSON, signed actor), not Nest's packet envelope,
 * so a reply is whatever the service's BusTransport sent.
 */
export class BusClientProxy extends ClientProxy {
  constructor(private readonly nc: NatsConnection) {
    super();
  }

  async connect(): Promise<NatsConnection> {
    return this.nc;
  }

  /** The connection belongs to the process (JetStream uses it too); it is drained at shutdown. */
  close(): void {}

  unwrap<T>(): T {
    return this.nc as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const record = packet.data as BusRecord;
    this.nc
      .request(String(packet.pattern), record.body, {
        timeout: record.timeoutMs,
        headers: record.headers,
      })
      .then(
        (msg) => callback({ response: msg.data, isDisposed: true }),
        (err: unknown) => callback({ err, isDisposed: true }),
      );
    return () => undefined;
  }

  protected async dispatchEvent<T = undefined>(packet: ReadPacket): Promise<T> {
    const record = packet.data as BusRecord;
    this.nc.publish(String(packet.pattern), record.body, { headers: record.headers });
    return undefined as T;
  }

  protected override serializeError(err: unknown): unknown {
    return err;
  }

  protected override serializeResponse(response: unknown): unknown {
    return response;
  }
}
