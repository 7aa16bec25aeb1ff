import path from 'node:path';
import type { AppConfig } from '../config/env';
import { BlobStore, FileBlobStore } from './blob-store';

export * from './blob-store';
export type { S3BlobOptions } from './s3-blob-store';

/** The store the configuration names: BLOB_DIR on the filesystem, or an S3 bucket. */
export function createBlobStore(config: AppConfig): BlobStore {
  if (config.BLOB_STORE === 's3') {
    // Loaded only when chosen: the AWS SDK costs every gateway about 20 MB of memory.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { S3BlobStore } = require('./s3-blob-store') as typeof import('./s3-blob-store');
    return new S3BlobStore({
      bucket: config.S3_BUCKET ?? '',
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return new FileBlobStore(path.resolve(config.BLOB_DIR));
}
