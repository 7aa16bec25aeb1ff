import path from 'node:path';
import type { AppConfig } from '../config/env';
import { BlobStore, FileBlobStore } from './blob-store';
import { S3BlobStore } from './s3-blob-store';

export * from './blob-store';
export * from './s3-blob-store';

/** The store the configuration names: BLOB_DIR on the filesystem, or an S3 bucket. */
export function createBlobStore(config: AppConfig): BlobStore {
  if (config.BLOB_STORE === 's3')
    return new S3BlobStore({
      bucket: config.S3_BUCKET ?? '',
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  return new FileBlobStore(path.resolve(config.BLOB_DIR));
}
