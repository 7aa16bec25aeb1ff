export { SERVICE_CONFIG, SERVICE_LOGGER, SERVICE_METRICS, SERVICE_NATS } from '@app/shared/nest';
export { REFERRAL_SCHEMA } from '../migrations';
