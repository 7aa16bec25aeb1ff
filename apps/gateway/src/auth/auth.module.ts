import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig, secretOf } from '@app/shared';
import { RateLimitGuard } from '../edge/rate-limit.guard';
import { CONFIG } from '../infra/tokens';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService, TOKEN_ISSUER } from './auth.service';
import { AuthThrottle } from './auth-throttle';

@Module({
  imports: [
    // @nestjs/jwt (jsonwebtoken): HS256 only, our issuer, the configured lifetime.
    JwtModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: secretOf(config, 'JWT_SECRET'),
        signOptions: {
          algorithm: 'HS256',
          issuer: TOKEN_ISSUER,
          expiresIn: config.JWT_TTL_SECONDS,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthThrottle,
    // Order matters: authentication (with its failure throttle, checked before any lookup)
    // first, so the rate limit can key on the actor.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
