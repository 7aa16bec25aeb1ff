import { createServer, Server, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { AppConfig } from '@app/shared';
import { listen, TcpListener } from '../common/tcp-listener';
import { Us } from './hl7-ack';
import { Hl7Connection } from './hl7-connection';
import { InboundHandler } from './hl7-inbound';

export type Hl7Listener = TcpListener;

/**
 * The HL7 v2 MLLP port (issue 15 item 4), in the gateway process like the DIMSE port: the HIS
 * arrives at the edge, and its messages go through the same patient index, bus and audit as
 * REST. Every connection is bounded: by count here, and by message size, segments, silence
 * and a per-message deadline in Hl7Connection.
 */
export async function startHl7Listener(
  config: AppConfig,
  handle: InboundHandler,
  log: Logger,
): Promise<Hl7Listener | null> {
  if (!config.HL7_PORT) return null;
  const us: Us = { application: config.HL7_APPLICATION, facility: config.HL7_FACILITY };
  const sockets = new Set<Socket>();

  const limits = {
    timeoutMs: config.HL7_TIMEOUT_SECONDS * 1000,
    maxMessageBytes: config.HL7_MAX_MESSAGE_BYTES,
    maxSegments: config.HL7_MAX_SEGMENTS,
  };
  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new Hl7Connection(socket, limits, us, handle, log);
  };

  const server: Server = createServer(onConnection);
  // Past this, Node closes each new connection at once; no peer holds a slot for long either,
  // as every connection has the idle timeout and the message deadline.
  server.maxConnections = config.HL7_MAX_CONNECTIONS;
  const host = config.HL7_HOST || config.HOST;
  const listener = await listen(server, host, config.HL7_PORT, sockets);
  log.info(
    { host, port: listener.port },
    'HL7 v2 MLLP listener ready (ADT^A04/A08, ORM^O01, OMI^O23)',
  );
  return listener;
}
