/**
 * The OHIF viewer runs on its own origin (README "Tour: DICOMweb and the OHIF viewer"): the
 * gateway's VIEWER_PORT on the same host as the console, which the session announces. A build
 * may name another origin instead (VITE_VIEWER_ORIGIN, e.g. https://viewer.example.org behind a
 * proxy); without either, 3001 as under `npm start`.
 */
export const DEFAULT_VIEWER_PORT = 3001;

export function viewerOrigin(
  here: { protocol: string; hostname: string },
  configured?: string | null,
  port?: number | null,
): string {
  if (configured) return configured.replace(/\/+$/, '');
  return `${here.protocol}//${here.hostname}:${port ?? DEFAULT_VIEWER_PORT}`;
}

/** The viewer's page for one study; the viewer asks for a sign-in first when needed. */
export function viewerStudyUrl(origin: string, studyInstanceUid: string): string {
  return `${origin}/viewer?StudyInstanceUIDs=${encodeURIComponent(studyInstanceUid)}`;
}
