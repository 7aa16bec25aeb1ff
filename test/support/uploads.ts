import request from 'supertest';

/** POSTs one instance to the gateway's upload route, as a clinic's software does. */
export function uploadAs(
  target: { url: string } | string,
  token: string,
  body: Buffer | string,
  type = 'application/dicom',
) {
  return request(typeof target === 'string' ? target : target.url)
    .post('/api/v1/studies/instances')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', type)
    .send(body);
}

export const BOUNDARY = 'cmc-batch-boundary';

/** A multipart body of DICOM parts; a part without `type` takes the outer type's parameter. */
export function multipart(
  parts: { type?: string; data: Buffer }[],
  opts: { boundary?: string; close?: boolean } = {},
): Buffer {
  const b = opts.boundary ?? BOUNDARY;
  return Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(`--${b}\r\n${p.type === undefined ? '' : `Content-Type: ${p.type}\r\n`}\r\n`),
      p.data,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(opts.close === false ? '' : `--${b}--\r\n`),
  ]);
}

/** The Content-Type of a multipart/related batch of DICOM instances. */
export const relatedType = (boundary = BOUNDARY) =>
  `multipart/related; type="application/dicom"; boundary=${boundary}`;
