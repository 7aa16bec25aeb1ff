import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NestPinoLogger } from '@app/shared';
import { AppModule } from './app.module';
import { correlationMiddleware } from './common/correlation.middleware';
import { refuseDeepJson } from './common/json-depth';
import { refuseNonJsonBodies } from './common/json-body';
import { dicomwebCors } from './dicomweb/cors';
import { consoleStatic } from './console/console-static';
import { finishDocument } from './common/operation';
import { GatewayDeps } from './infra/tokens';

export async function createGatewayApp(deps: GatewayDeps): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    logger: new NestPinoLogger(deps.log),
    bodyParser: false,
  });
  // X-Forwarded-For is believed only from configured proxies; by default the peer is the client.
  app.set('trust proxy', deps.config.TRUSTED_PROXIES.length ? deps.config.TRUSTED_PROXIES : false);
  app.disable('x-powered-by');
  app.use(correlationMiddleware);
  app.use('/dicomweb', dicomwebCors(deps.config.DICOMWEB_CORS_ORIGINS));
  app.use('/console', consoleStatic(deps.config.CONSOLE_DIST_DIR));
  // 512 KiB: the largest contract (a 2,000-entry catalog) fits, and a body plus its envelope
  // stays under NATS's 1 MiB message limit.
  // Express's own parser rather than useBodyParser, which reserves `verify` for Nest's rawBody.
  app.use(
    json({
      limit: '512kb',
      type: ['application/json', 'application/*+json'],
      verify: refuseDeepJson,
    }),
  );
  app.use('/api/v1', refuseNonJsonBodies);
  const doc = new DocumentBuilder()
    .setTitle('County medical community platform API')
    .setDescription(
      '双向转诊 and 基层检查、上级诊断 for a 医共体. Errors are application/problem+json with a correlationId. ' +
        'POST accepts an Idempotency-Key header. Every operation lists its success schema, its problem answers ' +
        '(each narrowed to the codes of its status) and who may call it (x-roles, x-api-client-scope); ' +
        'all are generated from the zod contracts that validate the traffic.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = finishDocument(SwaggerModule.createDocument(app, doc));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
