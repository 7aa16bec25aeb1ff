import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ParsedRequestOf, ReferralContracts as C, ReferralDetail } from '@app/shared';
import { BusContext, BusPattern } from '@app/shared/nest';
import { ReferralScheduler } from '../scheduler/referral-scheduler';
import { AcceptReferral } from './accept-referral';
import { CancelReferral } from './cancel-referral';
import { CheckInReferral } from './check-in-referral';
import { CompleteReferral } from './complete-referral';
import { CreateReferral } from './create-referral';
import { GetReferral } from './get-referral';
import { HoldReferral } from './hold-referral';
import { ListReferrals } from './list-referrals';
import { RecordNoShow } from './record-no-show';
import { RedirectReferral } from './redirect-referral';
import { RejectReferral } from './reject-referral';
import { stepHandler } from './referral-step-handler';

type P<K extends keyof typeof C> = ParsedRequestOf<(typeof C)[K]>;

/** Bus adapter: decoding and validation happened already; hand the actor and payload on. */
@Controller()
export class ReferralsHandlers {
  constructor(
    private readonly listReferrals: ListReferrals,
    private readonly getReferral: GetReferral,
    private readonly createReferral: CreateReferral,
    private readonly holdReferral: HoldReferral,
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
    return this.listReferrals.execute(ctx.actor, q);
  }

  @BusPattern(C.get)
  get(@Payload() q: P<'get'>, @Ctx() ctx: BusContext) {
    return this.getReferral.execute(ctx.actor, q);
  }

  @BusPattern(C.create)
  async create(@Payload() q: P<'create'>, @Ctx() ctx: BusContext) {
    return this.wakeForHold(await this.createReferral.execute(ctx.actor, q));
  }

  @BusPattern(C.hold)
  async hold(@Payload() q: P<'hold'>, @Ctx() ctx: BusContext) {
    return this.wakeForHold(await this.holdReferral.execute(ctx.actor, q));
  }
}

/** The R6 steps, each contract (C.accept, C.reject…) answered by the use case of its name. */
export const ReferralStepHandlers = [
  stepHandler('accept', AcceptReferral),
  stepHandler('reject', RejectReferral),
  stepHandler('redirect', RedirectReferral),
  stepHandler('cancel', CancelReferral),
  stepHandler('checkIn', CheckInReferral),
  stepHandler('noShow', RecordNoShow),
  stepHandler('complete', CompleteReferral),
];
