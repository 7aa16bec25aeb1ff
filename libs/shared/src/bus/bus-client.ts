import {
  headers as natsHeaders,
  NatsConnection,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import { z } from 'zod';
import { Actor, encodeActor, HEADER_ACTOR, HEADER_CORRELATION } from '../actor/actor';
import { Contract, RequestOf, ResponseOf } from '../contracts/contract';
import { AppError, ErrorCode, zodToAppError } from '../errors';
import { subjectFor } from './nats-connection';
import { decodeJson, encodeJson, WireReply } from './wire';

/** Room left in a NATS message for the headers (actor, correlation id). */
const HEADROOM_BYTES = 8 * 1024;

export interface CallContext {
  actor: Actor;
  correlationId: string;
}

/**
 * The gateway's side of request/reply. A service that is not subscribed answers at once
 * with NATS "no responders", which becomes a 503 without waiting for the timeout.
 */
export class BusClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly defaultTimeoutMs: number,
  ) {}

  async call<C extends Contract<z.ZodType, z.ZodType>>(
    c: C,
    payload: RequestOf<C>,
    ctx: CallContext,
  ): Promise<ResponseOf<C>> {
    const checked = c.request.safeParse(payload);
    if (!checked.success) throw zodToAppError(checked.error);
    const h = natsHeaders();
    h.set(HEADER_ACTOR, encodeActor(ctx.actor));
    h.set(HEADER_CORRELATION, ctx.correlationId);
    const service = c.subject.split('.')[0];
    const data = encodeJson(checked.data);
    // Refused here rather than by the server, which would surface as a transport failure (503).
    const limit = (this.nc.info?.max_payload ?? 1024 * 1024) - HEADROOM_BYTES;
    if (data.length > limit)
      throw new AppError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `The request is too large to forward (${data.length} bytes; at most ${limit})`,
      );
    let reply: WireReply<unknown>;
    try {
      const msg = await this.nc.request(subjectFor(this.prefix, c.subject), data, {
        timeout: c.timeoutMs ?? this.defaultTimeoutMs,
        headers: h,
      });
      reply = decodeJson(msg.data) as WireReply<unknown>;
    } catch (error) {
      throw this.transportError(error, service);
    }
    if (!reply.ok) throw AppError.fromWire(reply.error);
    const parsed = c.response.safeParse(reply.data);
    if (!parsed.success) {
      throw new AppError(
        ErrorCode.INTERNAL,
        `The ${service} service sent a reply that breaks its contract`,
      );
    }
    return parsed.data as ResponseOf<C>;
  }

  private transportError(error: unknown, service: string): AppError {
    if (error instanceof RequestError && error.isNoResponders()) {
      return AppError.unavailable(`The ${service} service is not running; try again shortly`);
    }
    if (
      error instanceof TimeoutError ||
      (error instanceof RequestError && error.cause instanceof TimeoutError)
    ) {
      return AppError.unavailable(`The ${service} service did not answer in time`);
    }
    return AppError.unavailable(`The ${service} service cannot be reached`);
  }
}
