import { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { z } from 'zod';
import { Actor, decodeActor, HEADER_ACTOR, HEADER_CORRELATION } from '../actor/actor';
import { Contract, ParsedRequestOf, ResponseOf } from '../contracts/contract';
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../contracts/fields';
import { AppError, ErrorCode, toAppError, zodToAppError } from '../errors';
import { requestContext } from '../logging/logger';
import { subjectFor } from './nats-connection';
import { decodeJson, encodeJson, WireReply } from './wire';

export interface HandlerContext {
  actor: Actor;
  correlationId: string;
}

export type Handler<C> = (
  payload: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => Promise<ResponseOf<C>>;

/**
 * The service side of request/reply: one queue group per service, so replicas share the
 * load. Every message is checked (actor header, payload schema) before a handler sees it.
 */
export class BusServer {
  private readonly subs: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly queueGroup: string,
    private readonly log: Logger,
  ) {}

  handle<C extends Contract<z.ZodType, z.ZodType>>(c: C, handler: Handler<C>): void {
    const sub = this.nc.subscribe(subjectFor(this.prefix, c.subject), {
      queue: this.queueGroup,
      callback: (err, msg) => {
        if (err) {
          this.log.error({ err, subject: c.subject }, 'subscription error');
          return;
        }
        void this.dispatch(c, handler, msg);
      },
    });
    this.subs.push(sub);
  }

  private async dispatch<C extends Contract<z.ZodType, z.ZodType>>(
    c: C,
    handler: Handler<C>,
    msg: Msg,
  ): Promise<void> {
    const correlationId = msg.headers?.get(HEADER_CORRELATION) || 'none';
    await requestContext.run({ correlationId }, async () => {
      const started = Date.now();
      let reply: WireReply<unknown>;
      try {
        const actor = decodeActor(msg.headers?.get(HEADER_ACTOR));
        if (!actor) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Message carries no valid actor');
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
        const data = await handler(parsed.data as ParsedRequestOf<C>, { actor, correlationId });
        reply = { ok: true, data };
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === ErrorCode.INTERNAL)
          this.log.error({ err: error, subject: c.subject }, 'handler failed');
        reply = { ok: false, error: appError.toWire() };
      }
      const failure = reply.ok
        ? undefined
        : { code: reply.error.code, detail: reply.error.message.slice(0, 300) };
      this.log.debug(
        { subject: c.subject, ms: Date.now() - started, ok: reply.ok, failure },
        'handled',
      );
      if (msg.reply) msg.respond(encodeJson(reply));
    });
  }

  async close(): Promise<void> {
    for (const sub of this.subs.splice(0)) sub.unsubscribe();
  }
}
