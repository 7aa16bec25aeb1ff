/**
 * The OHIF viewer runs on its own origin (README "Tour: DICOMweb and the OHIF viewer"): the
 * gateway's VIEWER_PORT, 3001 under `npm start`, on the same host as the console. The API does
 * not announce it, so the console assumes that port unless the build names the viewer's
 * origin (VITE_VIEWER_ORIGIN, e.g. https://viewer.example.org behind a proxy).
 */
export const DEFAULT_VIEWER_PORT = 3001;

export function viewerOrigin(
  here: { protocol: string; hostname: string },
  configured?: string | null,
): string {
  if (configured) return configured.replace(/\/+$/, '');
  return `${here.protocol}//${here.hostname}:${DEFAULT_VIEWER_PORT}`;
}

/** The viewer's page for one study; the viewer asks for a sign-in first when needed. */
export function viewerStudyUrl(origin: string, studyInstanceUid: string): string {
  return `${origin}/viewer?StudyInstanceUIDs=${encodeURIComponent(studyInstanceUid)}`;
}
