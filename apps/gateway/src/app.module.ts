import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { correlationMiddleware } from './common/correlation.middleware';
import { ProblemFilter } from './common/problem.filter';
import { DirectoryModule } from './directory/directory.module';
import { IdempotencyInterceptor } from './edge/idempotency.interceptor';
import { HealthController } from './health/health.controller';
import { metricsMiddleware, MetricsController } from './health/metrics';
import { InfraModule } from './infra/infra.module';
import { GatewayDeps } from './infra/tokens';
import { PatientsModule } from './patients/patients.module';
import { ReferralsModule } from './referrals/referrals.module';
import { StudiesModule } from './studies/studies.module';
import { OrdersModule } from './orders/orders.module';
import { DicomwebModule } from './dicomweb/dicomweb.module';
import { FhirModule } from './fhir/fhir.module';
import { ResultSharingModule } from './result-sharing/result-sharing.module';
import { ApiClientsModule } from './api-clients/api-clients.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AdminModule } from './admin/admin.module';
import { Hl7Module } from './hl7/hl7.module';

@Module({})
export class AppModule implements NestModule {
  private static metrics: GatewayDeps['metrics'];

  static forRoot(deps: GatewayDeps): DynamicModule {
    AppModule.metrics = deps.metrics;
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(deps),
        AuthModule,
        AuditModule,
        DirectoryModule,
        PatientsModule,
        ReferralsModule,
        StudiesModule,
        OrdersModule,
        DicomwebModule,
        FhirModule,
        ResultSharingModule,
        ApiClientsModule,
        WebhooksModule,
        NotificationsModule,
        AdminModule,
        Hl7Module,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(correlationMiddleware, metricsMiddleware(AppModule.metrics.httpDuration))
      .forRoutes('*path');
  }
}
