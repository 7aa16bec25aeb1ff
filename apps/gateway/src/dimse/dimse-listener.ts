import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Implementation, log as dimseLog } from 'dcmjs-dimse';
import type { Logger } from 'pino';
import type { AppConfig } from '@app/shared';
import { listen, TcpListener } from '../common/tcp-listener';
import { PduGuard } from './pdu-guard';
import { storeScpClass, StoreScpDeps } from './store-scp';

/** The longest P-DATA PDU we agree to receive (sent in A-ASSOCIATE-AC, PS3.8 D.1). */
export const MAX_PDU_BYTES = 256 * 1024;
/** An A-ASSOCIATE-RQ with 128 presentation contexts fits well within this. */
const GUARD_PDU_BYTES = MAX_PDU_BYTES + 64 * 1024;

export type DimseListener = TcpListener;

function tlsOptions(config: AppConfig) {
  if (!config.DIMSE_TLS_CERT_FILE) return null;
  const ca = config.DIMSE_TLS_CA_FILE ? readFileSync(config.DIMSE_TLS_CA_FILE) : undefined;
  return {
    cert: readFileSync(config.DIMSE_TLS_CERT_FILE),
    key: readFileSync(config.DIMSE_TLS_KEY_FILE),
    ca,
    // With a CA, a modality without a certificate it signed is turned away (PS3.15 B.1).
    requestCert: Boolean(ca),
    rejectUnauthorized: Boolean(ca),
    minVersion: 'TLSv1.2' as const,
  };
}

/**
 * The DIMSE port (issue 15 item 1), in the gateway process: it is the edge where modalities
 * arrive, and it stores through the same intake, directory and audit as an HTTP upload.
 * Every connection is bounded: by count, by PDU length, and by silence.
 */
export async function startDimseListener(
  config: AppConfig,
  deps: StoreScpDeps,
  log: Logger,
): Promise<DimseListener | null> {
  if (!config.DIMSE_PORT) return null;
  Implementation.setMaxPduLength(MAX_PDU_BYTES);
  // dcmjs-dimse logs every PDU to the console; ours are the structured logs (without PHI).
  dimseLog.setLevel('silent');
  const StoreScp = storeScpClass(deps);
  const timeoutMs = config.DIMSE_TIMEOUT_SECONDS * 1000;
  const sockets = new Set<Socket>();
  let associations = 0;

  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // Our guard reads each chunk before dcmjs-dimse buffers it (listeners run in order).
    const guard = new PduGuard(GUARD_PDU_BYTES);
    socket.on('data', (chunk: Buffer) => {
      const why = guard.feed(chunk);
      if (why && !socket.destroyed) {
        log.warn({ remote: socket.remoteAddress, why }, 'DIMSE connection cut');
        socket.destroy();
      }
    });
    // Counted from acceptance to close. The decision is asynchronous (a directory lookup), so
    // the peer may already be gone when it is taken: then it is never counted.
    let counted = false;
    let closed = false;
    const scp = new StoreScp(
      socket,
      { connectTimeout: timeoutMs, associationTimeout: timeoutMs, pduTimeout: timeoutMs },
      {
        congested: () => associations >= config.DIMSE_MAX_ASSOCIATIONS,
        onAccepted: () => {
          if (closed || counted) return;
          counted = true;
          associations += 1;
        },
      },
    );
    // dcmjs-dimse's association timer never starts on a server socket: ours ends a peer that
    // connects and never completes an association request.
    const establishing = setTimeout(() => {
      if (!counted) socket.destroy();
    }, timeoutMs);
    scp.on('networkError', () => socket.destroy());
    socket.once('close', () => {
      closed = true;
      clearTimeout(establishing);
      sockets.delete(socket);
      if (counted) associations -= 1;
    });
  };

  const tls = tlsOptions(config);
  const server: Server = tls ? createTlsServer(tls, onConnection) : createTcpServer(onConnection);
  // A hard ceiling on sockets; below it, extra associations get a proper A-ASSOCIATE-RJ.
  server.maxConnections = config.DIMSE_MAX_ASSOCIATIONS * 2;
  if (tls)
    server.on('tlsClientError', (error, socket) => {
      log.warn({ remote: socket.remoteAddress, err: error.message }, 'DICOM TLS handshake failed');
    });
  const host = config.DIMSE_HOST || config.HOST;
  const listener = await listen(server, host, config.DIMSE_PORT, sockets);
  log.info(
    { aeTitle: config.DIMSE_AE_TITLE, host, port: listener.port, tls: Boolean(tls) },
    'DICOM DIMSE listener ready (C-ECHO, C-STORE)',
  );
  return listener;
}
