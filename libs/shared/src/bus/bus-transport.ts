import { applyDecorators } from '@nestjs/common';
import {
  BaseRpcContext,
  CustomTransportStrategy,
  MessageHandler,
  MessagePattern,
  Server,
} from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { Actor, HEADER_CORRELATION } from '../actor/actor';
import { Contract, ParsedRequestOf, ResponseOf } from '../contracts/contract';
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../contracts/fields';
import { AppError, ErrorCode, toAppError, zodToAppError } from '../errors';
import { requestContext } from '../logging/logger';
import { ActorSigner, ActorTokenRejected, HEADER_ACTOR_TOKEN, VerifiedActor } from './actor-token';
import { subjectFor } from './nats-connection';
import { ReplayGuard } from './replay-guard';
import { decodeJson, encodeJson, WireReply } from './wire';

/** What a handler learns besides the payload: who asks (verified) and the correlation id. */
export interface HandlerContext {
  actor: Actor;
  correlationId: string;
}

/** Nest's RPC context for our transport: `@Ctx() ctx: BusContext`, or the second argument. */
export class BusContext extends BaseRpcContext<[VerifiedActor, string]> implements HandlerContext {
  get actor(): Actor {
    return this.args[0].actor;
  }
  get correlationId(): string {
    return this.args[0].correlationId;
  }
  get subject(): string {
    return this.args[1];
  }
  /** Which process signed the actor (cmc-gateway, cmc-remote-diagnosis…). */
  get signer(): string {
    return this.args[0].signer;
  }
}

/** A handler's shape: the parsed request and the context in, the contract's response out. */
export type Handler<C> = (
  payload: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => Promise<ResponseOf<C>>;

/**
 * `@MessagePattern` for one of our contracts: the subject is the contract's, and the contract
 * rides along so the transport validates the payload before the handler sees it.
 */
export const BusPattern = (c: Contract<z.ZodType, z.ZodType>) =>
  applyDecorators(MessagePattern(c.subject, { contract: c }));

export interface BusTransportOptions {
  nc: NatsConnection;
  prefix: string;
  /** Replicas of a service share it, so each request is handled once. */
  queueGroup: string;
  signer: ActorSigner;
  replay: ReplayGuard;
  log: Logger;
  handled?: Histogram<'subject' | 'outcome'>;
}

/**
 * The services' Nest microservice transport over nats.js v3 request/reply. Before a handler
 * runs, the message's signed actor is verified (signature, subject, body, freshness, first
 * use) and its payload checked against the contract; every reply is `{ ok, data | error }`
 * with the error's domain code. A pattern without a contract refuses to start.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  private readonly subs: Subscription[] = [];

  constructor(private readonly opts: BusTransportOptions) {
    super();
  }

  listen(callback: () => void): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const contract = handler.extras?.contract as Contract<z.ZodType, z.ZodType> | undefined;
      if (!contract)
        throw new Error(`@MessagePattern('${pattern}') has no contract: use @BusPattern(contract)`);
      const sub = this.opts.nc.subscribe(subjectFor(this.opts.prefix, pattern), {
        queue: this.opts.queueGroup,
        callback: (err, msg) => {
          if (err) {
            this.opts.log.error({ err, subject: pattern }, 'subscription error');
            return;
          }
          void this.dispatch(contract, handler, msg);
        },
      });
      this.subs.push(sub);
    }
    callback();
  }

  private async verify(msg: Msg): Promise<VerifiedActor> {
    try {
      const verified = await this.opts.signer.verify(
        msg.headers?.get(HEADER_ACTOR_TOKEN) || undefined,
        msg.subject,
        msg.data,
      );
      if (!(await this.opts.replay.firstUse(verified.tokenId)))
        throw new ActorTokenRejected('the signed actor was used before (a replay)');
      return verified;
    } catch (error) {
      if (error instanceof ActorTokenRejected)
        throw new AppError(ErrorCode.UNAUTHENTICATED, `Refused: ${error.message}`);
      throw error;
    }
  }

  private async dispatch(
    c: Contract<z.ZodType, z.ZodType>,
    handler: MessageHandler,
    msg: Msg,
  ): Promise<void> {
    const claimedCorrelation = msg.headers?.get(HEADER_CORRELATION)?.slice(0, 100) || 'none';
    await requestContext.run({ correlationId: claimedCorrelation }, async () => {
      const started = performance.now();
      let reply: WireReply<unknown>;
      try {
        const verified = await this.verify(msg);
        let body: unknown;
        try {
          body = decodeJson(msg.data);
        } catch {
          throw AppError.validation('Message body is not JSON');
        }
        const unsafe = findUnsafeText(body);
        if (unsafe !== undefined)
          throw AppError.validation(`${unsafe}: ${UNSAFE_TEXT_MESSAGE}`, [
            { path: unsafe, message: UNSAFE_TEXT_MESSAGE },
          ]);
        const parsed = c.request.safeParse(body);
        if (!parsed.success) throw zodToAppError(parsed.error);
        const ctx = new BusContext([verified, msg.subject]);
        const result = await handler(parsed.data, ctx);
        reply = { ok: true, data: await lastValueFrom(this.transformToObservable(result)) };
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === ErrorCode.INTERNAL)
          this.opts.log.error({ err: error, subject: c.subject }, 'handler failed');
        reply = { ok: false, error: appError.toWire() };
      }
      const failure = reply.ok
        ? undefined
        : { code: reply.error.code, detail: reply.error.message.slice(0, 300) };
      const seconds = (performance.now() - started) / 1000;
      this.opts.handled?.observe({ subject: c.subject, outcome: failure?.code ?? 'ok' }, seconds);
      this.opts.log.debug(
        { subject: c.subject, ms: Math.round(seconds * 1000), ok: reply.ok, failure },
        'handled',
      );
      if (msg.reply) msg.respond(encodeJson(reply));
    });
  }

  /** Nest's event hooks (connect, disconnect…) belong to the NATS connection, owned elsewhere. */
  on(): void {}

  unwrap<T>(): T {
    return this.opts.nc as T;
  }

  close(): void {
    for (const sub of this.subs.splice(0)) sub.unsubscribe();
  }
}
