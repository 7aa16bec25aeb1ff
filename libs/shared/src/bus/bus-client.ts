import {
  headers as natsHeaders,
  NatsConnection,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';
import type { Histogram } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { Actor, HEADER_CORRELATION } from '../actor/actor';
import { Contract, RequestOf, ResponseOf } from '../contracts/contract';
import { AppError, ErrorCode, zodToAppError } from '../errors';
import { ActorSigner, HEADER_ACTOR_TOKEN } from './actor-token';
import { BusClientProxy, BusRecord } from './bus-client-proxy';
import { subjectFor } from './nats-connection';
import { decodeJson, encodeJson, WireReply } from './wire';

export interface CallContext {
  actor: Actor;
  correlationId: string;
}

/** Room left in a NATS message for the headers (signed actor, correlation id). */
const HEADROOM_BYTES = 8 * 1024;

/**
 * A caller's side of request/reply: the contract checks the payload before it leaves and the
 * reply when it comes back; the actor goes signed (ActorSigner) in the headers; a service that
 * is not subscribed answers at once with NATS "no responders", which becomes a 503.
 */
export class BusClient {
  private readonly proxy: BusClientProxy;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly defaultTimeoutMs: number,
    private readonly signer: ActorSigner,
    private readonly latency?: Histogram<'subject' | 'outcome'>,
  ) {
    this.proxy = new BusClientProxy(nc);
  }

  async call<C extends Contract<z.ZodType, z.ZodType>>(
    c: C,
    payload: RequestOf<C>,
    ctx: CallContext,
  ): Promise<ResponseOf<C>> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await this.exchange(c, payload, ctx);
    } catch (error) {
      outcome = error instanceof AppError ? error.code : 'error';
      throw error;
    } finally {
      this.latency?.observe({ subject: c.subject, outcome }, (performance.now() - started) / 1000);
    }
  }

  private async exchange<C extends Contract<z.ZodType, z.ZodType>>(
    c: C,
    payload: RequestOf<C>,
    ctx: CallContext,
  ): Promise<ResponseOf<C>> {
    const checked = c.request.safeParse(payload);
    if (!checked.success) throw zodToAppError(checked.error);
    const service = c.subject.split('.')[0];
    const subject = subjectFor(this.prefix, c.subject);
    const body = encodeJson(checked.data);
    // Refused here rather than by the server, which would surface as a transport failure (503).
    const limit = (this.nc.info?.max_payload ?? 1024 * 1024) - HEADROOM_BYTES;
    if (body.length > limit)
      throw new AppError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        `The request is too large to forward (${body.length} bytes; at most ${limit})`,
      );
    const h = natsHeaders();
    h.set(HEADER_ACTOR_TOKEN, await this.signer.sign(ctx.actor, ctx.correlationId, subject, body));
    h.set(HEADER_CORRELATION, ctx.correlationId);
    const record = new BusRecord(body, h, c.timeoutMs ?? this.defaultTimeoutMs);
    let reply: WireReply<unknown>;
    try {
      const data = await firstValueFrom(this.proxy.send<Uint8Array>(subject, record));
      reply = decodeJson(data) as WireReply<unknown>;
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
