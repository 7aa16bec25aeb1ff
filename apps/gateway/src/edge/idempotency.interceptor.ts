import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { from, Observable, of, switchMap, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '@app/shared';
import { EdgeRequest } from '../common/request-context';
import { LOGGER } from '../infra/tokens';

interface StoredKey {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
}

const KEY_FORMAT = /^[A-Za-z0-9._:-]{8,128}$/;
const IDEMPOTENT_BY_CONTENT = 'cmc:idempotent-by-content';

/**
 * For routes whose body identifies itself (a DICOM instance by its SOP Instance UID): sending it
 * again is already harmless, and a key cannot be checked against a streamed binary body, so the
 * header is refused rather than trusted to replay an answer for different bytes.
 */
export const IdempotentByContent = (how: string) => SetMetadata(IDEMPOTENT_BY_CONTENT, how);

/**
 * `Idempotency-Key` on POST: the first request's answer is stored in PostgreSQL and replayed
 * for a retry with the same key and body; the same key with another body is refused (422),
 * and a retry while the first is still running gets 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly ds: DataSource,
    private readonly reflector: Reflector,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<EdgeRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined || !req.actor) return next.handle();
    const byContent = this.reflector.get<string | undefined>(
      IDEMPOTENT_BY_CONTENT,
      ctx.getHandler(),
    );
    if (byContent || !this.hasJsonBody(req)) {
      throw AppError.validation(
        `Idempotency-Key is not accepted on this route: ${byContent ?? 'its body is not JSON, so a retry cannot be matched to the first request'}`,
        [{ path: 'header:Idempotency-Key', message: 'not accepted here' }],
      );
    }
    if (!KEY_FORMAT.test(key)) {
      throw AppError.validation(
        'Idempotency-Key must be 8–128 characters of letters, digits and ._:-',
      );
    }
    const actorId = req.actor.id;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.path}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    return from(this.claim(actorId, key, req.method, req.path, hash)).pipe(
      switchMap((stored) => {
        if (stored) {
          res.status(stored.status).setHeader('Idempotent-Replayed', 'true');
          return of(stored.body);
        }
        return next.handle().pipe(
          tap({
            next: (body) => this.background(this.complete(actorId, key, res.statusCode, body)),
            error: () => this.background(this.release(actorId, key)),
          }),
        );
      }),
    );
  }

  /** A body the JSON parser read (or none at all): only then can a retry be compared with it. */
  private hasJsonBody(req: EdgeRequest): boolean {
    const length = Number(req.header('content-length') ?? 0);
    const chunked = req.header('transfer-encoding') !== undefined;
    return req.body !== undefined || (length === 0 && !chunked);
  }

  /**
   * The answer has been sent; storing it (or freeing the key) must not become an unhandled
   * rejection. If it fails the key stays "in progress" and a retry gets 409 until it ages out,
   * which is safe: the first request's effect is never repeated.
   */
  private background(work: Promise<void>): void {
    work.catch((error) =>
      this.log.error({ err: error }, 'could not record the idempotent answer; retries get 409'),
    );
  }

  /** Returns the stored answer to replay, or undefined when this request should run. */
  private async claim(actorId: string, key: string, method: string, path: string, hash: string) {
    await this.ds.query(
      `DELETE FROM gateway.idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    );
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO gateway.idempotency_keys (actor_id, key, method, path, request_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [actorId, key, method, path, hash],
    );
    if (inserted.length === 1) return undefined;
    const [row]: StoredKey[] = await this.ds.query(
      `SELECT request_hash, status_code, response_body FROM gateway.idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    if (!row) return undefined;
    if (row.request_hash !== hash) {
      throw new AppError(
        ErrorCode.IDEMPOTENCY_MISMATCH,
        'This Idempotency-Key was used for a different request',
      );
    }
    if (row.status_code === null)
      throw AppError.conflict('A request with this Idempotency-Key is still in progress');
    return { status: row.status_code, body: row.response_body };
  }

  private async complete(
    actorId: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE gateway.idempotency_keys SET status_code = $3, response_body = $4 WHERE actor_id = $1 AND key = $2`,
      [actorId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** A failed request leaves nothing behind, so the client may retry with the same key. */
  private async release(actorId: string, key: string): Promise<void> {
    await this.ds.query(`DELETE FROM gateway.idempotency_keys WHERE actor_id = $1 AND key = $2`, [
      actorId,
      key,
    ]);
  }
}
