import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from '../edge/rate-limit.guard';
import { AuthController } from './auth.controller';
import { SessionController } from './session.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthThrottle } from './auth-throttle';

@Module({
  controllers: [AuthController, SessionController],
  providers: [
    AuthService,
    AuthThrottle,
    // Order matters: authentication (with its failure throttle, checked before any lookup)
    // first, so the rate limit can key on the actor.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [AuthService, AuthThrottle],
})
export class AuthModule {}
