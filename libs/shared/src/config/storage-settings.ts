import { z } from 'zod';

/** Where DICOM bytes are kept and how much of them an upload may bring. */
export const storageSettings = {
  /** Filesystem blob storage for DICOM instances (gateway writes, services read). */
  BLOB_DIR: z.string().min(1).default('.run/blobs'),
  /** Where DICOM bytes go: the filesystem (BLOB_DIR) or an S3-compatible object store. */
  BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a valid bucket name')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** For MinIO, Ceph RGW, OSS and other S3-compatible servers; unset for AWS. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Largest DICOM instance accepted in one upload. */
  MAX_INSTANCE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024 * 1024),
  /**
   * Uploads are refused with 507 while the blob file system has less free space than this
   * (and than the upload's declared size on top of it), so a full disk never half-stores a study.
   */
  BLOB_MIN_FREE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(1024 * 1024 * 1024),
  /** How much of an upload is kept in memory to parse its header (pixel data is not). */
  DICOM_HEADER_PREFIX_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
};
