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
  stop(): Promise<void>;
}

export const ORTHANC_DICOMWEB = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/**
 * Debian's Orthanc on loopback with a throw-away configuration: its own storage and index in
 * a temporary folder, no DICOM port, no authentication; no plugins unless `dicomweb` asks for
 * Debian's orthanc-dicomweb (at /dicom-web/).
 */
export async function startOrthanc(
  dir: string,
  opts: { dicomweb?: boolean } = {},
): Promise<RunningOrthanc> {
  if (opts.dicomweb && !existsSync(ORTHANC_DICOMWEB))
    throw new Error(`${ORTHANC_DICOMWEB} is missing: apt-get install orthanc-dicomweb`);
  if (!existsSync(ORTHANC))
    throw new Error(`${ORTHANC} is missing: apt-get install orthanc (npm run bench:ingest does)`);
  const port = await freePort();
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
      DicomServerEnabled: false,
      Plugins: opts.dicomweb ? [ORTHANC_DICOMWEB] : [],
      ...(opts.dicomweb ? { DicomWeb: { Enable: true, Root: '/dicom-web/' } } : {}),
      StorageCompression: false,
      HttpCompressionEnabled: false,
    }),
  );
  const child: ChildProcess = spawn(ORTHANC, [config], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/system`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Orthanc did not start within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
