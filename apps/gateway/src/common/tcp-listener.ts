import type { Server, Socket } from 'node:net';

/** A port the gateway listens on beside HTTP (DIMSE, HL7 MLLP). */
export interface TcpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts `server` on host:port and answers the port it got (port 0 picks a free one, as the
 * tests do). Closing also ends the connections still open, tracked in `sockets`, which
 * server.close() alone would wait for.
 */
export async function listen(
  server: Server,
  host: string,
  port: number,
  sockets: Set<Socket>,
): Promise<TcpListener> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
