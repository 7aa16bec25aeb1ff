import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts as C, ReferralDetail } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ReferralScheduler } from '../scheduler/referral-scheduler';
import { ReferralsService } from './referrals.service';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

/** Bus adapter: decoding and validation happened already; hand the actor and payload on. */
@Controller()
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

  @BusPattern(C.list)
  list(@Payload() q: P<'list'>, @Ctx() ctx: BusContext) {
    return this.referrals.list(ctx.actor, q);
  }

  @BusPattern(C.get)
  get(@Payload() q: P<'get'>, @Ctx() ctx: BusContext) {
    return this.referrals.get(ctx.actor, q.id);
  }

  @BusPattern(C.create)
  async create(@Payload() q: P<'create'>, @Ctx() ctx: BusContext) {
    return this.wakeForHold(await this.referrals.create(ctx.actor, q));
  }

  @BusPattern(C.hold)
  async hold(@Payload() q: P<'hold'>, @Ctx() ctx: BusContext) {
    return this.wakeForHold(await this.referrals.hold(ctx.actor, q.id, q.hold));
  }

  @BusPattern(C.accept)
  accept(@Payload() q: P<'accept'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'accept', q);
  }

  @BusPattern(C.reject)
  reject(@Payload() q: P<'reject'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'reject', q);
  }

  @BusPattern(C.redirect)
  redirect(@Payload() q: P<'redirect'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'redirect', q);
  }

  @BusPattern(C.cancel)
  cancel(@Payload() q: P<'cancel'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'cancel', q);
  }

  @BusPattern(C.checkIn)
  checkIn(@Payload() q: P<'checkIn'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'checkIn', q);
  }

  @BusPattern(C.noShow)
  noShow(@Payload() q: P<'noShow'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'noShow', q);
  }

  @BusPattern(C.complete)
  complete(@Payload() q: P<'complete'>, @Ctx() ctx: BusContext) {
    return this.referrals.transition(ctx.actor, q.id, 'complete', { summary: q.summary });
  }
}
