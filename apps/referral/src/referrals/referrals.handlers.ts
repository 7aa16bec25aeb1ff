import { Injectable } from '@nestjs/common';
import {
  HandlerContext,
  ParsedRequestOf,
  ReferralContracts as C,
  ReferralDetail,
} from '@app/shared';
import { OnBus } from '@app/shared/nest';
import { ReferralScheduler } from '../scheduler/referral-scheduler';
import { ReferralsService } from './referrals.service';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

/** Bus adapter: decoding and validation happened already; hand the actor and payload on. */
@Injectable()
export class ReferralsHandlers {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly scheduler: ReferralScheduler,
  ) {}

  /** A new hold gets a wake-up at its expiry, so release happens on time, not at the next sweep. */
  private async wakeForHold(detail: ReferralDetail): Promise<ReferralDetail> {
    const expiresAt = detail.reservation?.status === 'HELD' ? detail.reservation.expiresAt : null;
    if (expiresAt) await this.scheduler.wakeAt(new Date(expiresAt));
    return detail;
  }

  @OnBus(C.list)
  list(q: P<'list'>, ctx: HandlerContext) {
    return this.referrals.list(ctx.actor, q);
  }

  @OnBus(C.get)
  get(q: P<'get'>, ctx: HandlerContext) {
    return this.referrals.get(ctx.actor, q.id);
  }

  @OnBus(C.create)
  async create(q: P<'create'>, ctx: HandlerContext) {
    return this.wakeForHold(await this.referrals.create(ctx.actor, q));
  }

  @OnBus(C.hold)
  async hold(q: P<'hold'>, ctx: HandlerContext) {
    return this.wakeForHold(await this.referrals.hold(ctx.actor, q.id, q.hold));
  }

  @OnBus(C.accept)
  accept(q: P<'accept'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'accept', q);
  }

  @OnBus(C.reject)
  reject(q: P<'reject'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'reject', q);
  }

  @OnBus(C.redirect)
  redirect(q: P<'redirect'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'redirect', q);
  }

  @OnBus(C.cancel)
  cancel(q: P<'cancel'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'cancel', q);
  }

  @OnBus(C.checkIn)
  checkIn(q: P<'checkIn'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'checkIn', q);
  }

  @OnBus(C.noShow)
  noShow(q: P<'noShow'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'noShow', q);
  }

  @OnBus(C.complete)
  complete(q: P<'complete'>, ctx: HandlerContext) {
    return this.referrals.transition(ctx.actor, q.id, 'complete', { summary: q.summary });
  }
}
