import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export const ORTHANC = '/usr/sbin/Orthanc';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningOrthanc {
  url: string;
  pid: number;
  /** The DICOM (DIMSE) port, when started with `dicom`; else null. */
  dicomPort: number | null;
  stop(): Promise<void>;
}

/** Orthanc's DICOM server as a C-STORE SCP that stores from any calling AE title. */
function dicomServer(port: number | null, aeTitle: string) {
  if (port === null) return { DicomServerEnabled: false };
  return {
    DicomServerEnabled: true,
    DicomAet: aeTitle,
    DicomPort: port,
    DicomCheckCalledAet: false,
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: true,
    DicomCheckModalityHost: false,
  };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const ORTHANC_DICOMWEB = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/**
 * Debian's Orthanc on loopback with a throw-away configuration: its own storage and index in
 * a temporary folder, no authentication; no plugins unless `dicomweb` asks for Debian's
 * orthanc-dicomweb (at /dicom-web/); no DICOM port unless `dicom` asks for one (a free port,
 * the given AE title, storing from any calling AE title). Debian builds dcmtk, which Orthanc's
 * DICOM server runs on, with Nagle's algorithm left on unless TCP_NODELAY=1 is in the
 * environment: each C-STORE response then waits for a delayed ACK (about 40 ms on Linux), which
 * capped Orthanc near 60 instances/s on loopback. `dicom.tcpNoDelay` (default true) sets it.
 */
export async function startOrthanc(
  dir: string,
  opts: { dicomweb?: boolean; dicom?: { aeTitle: string; tcpNoDelay?: boolean } } = {},
): Promise<RunningOrthanc> {
  if (opts.dicomweb && !existsSync(ORTHANC_DICOMWEB))
    throw new Error(`${ORTHANC_DICOMWEB} is missing: apt-get install orthanc-dicomweb`);
  if (!existsSync(ORTHANC))
    throw new Error(`${ORTHANC} is missing: apt-get install orthanc (npm run bench:ingest does)`);
  const port = await freePort();
  const dicomPort = opts.dicom ? await freePort() : null;
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'orthanc.json');
  await writeFile(
    config,
    JSON.stringify({
      Name: 'cmc-bench',
      StorageDirectory: path.join(dir, 'storage'),
      IndexDirectory: path.join(dir, 'index'),
      HttpPort: port,
      HttpServerEnabled: true,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: false,
      ...dicomServer(dicomPort, opts.dicom?.aeTitle ?? 'ORTHANC'),
      Plugins: opts.dicomweb ? [ORTHANC_DICOMWEB] : [],
      ...(opts.dicomweb ? { DicomWeb: { Enable: true, Root: '/dicom-web/' } } : {}),
      StorageCompression: false,
      HttpCompressionEnabled: false,
    }),
  );
  const noDelay = opts.dicom && opts.dicom.tcpNoDelay !== false ? { TCP_NODELAY: '1' } : {};
  const child: ChildProcess = spawn(ORTHANC, [config], {
    stdio: 'ignore',
    env: { ...process.env, ...noDelay },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/system`)).ok && (dicomPort === null || (await tcpOpen(dicomPort))))
        break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Orthanc did not start within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    dicomPort,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
