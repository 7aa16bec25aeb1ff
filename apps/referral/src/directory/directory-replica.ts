import { FactoryProvider } from '@nestjs/common';
import {
  DIRECTORY_REPLICA_SETTINGS,
  DirectoryReplicaSettings,
} from '@app/shared/nest/directory-replica-host';
import { CatalogService } from '../catalog/catalog.service';
import { REFERRAL_SCHEMA } from '../common/tokens';

/** The referral service's replica of the directory; a new community gets the default policy and catalog. */
export const referralDirectorySettings: FactoryProvider<DirectoryReplicaSettings> = {
  provide: DIRECTORY_REPLICA_SETTINGS,
  inject: [CatalogService],
  useFactory: (catalog: CatalogService) => ({
    schema: REFERRAL_SCHEMA,
    durable: 'referral-directory',
    onNewCommunity: async (m, communityId) => {
      await m.query(
        `INSERT INTO referral.policies (community_id) VALUES ($1) ON CONFLICT DO NOTHING`,
        [communityId],
      );
      await catalog.seedDefaults(m, communityId);
    },
  }),
};
