import { lazy, type ReactNode } from 'react';
import type { StringKey } from './i18n/strings';

/**
 * Every page, who sees it in the menu, and its path under /console. Pages load on demand so a
 * clinic laptop downloads the chart library only when an administrator opens the indicators.
 */
export interface PageRoute {
  path: string;
  label: StringKey;
  roles: string[];
  element: ReactNode;
  /** Reached from another page, not from the menu. */
  hidden?: boolean;
}

const Studies = lazy(() => import('./pages/clinician/StudiesPage'));
const Upload = lazy(() => import('./pages/clinician/UploadPage'));
const ExamOrders = lazy(() => import('./pages/clinician/ExamOrdersPage'));
const StudyDetail = lazy(() => import('./pages/clinician/StudyDetailPage'));
const ReportPrint = lazy(() => import('./pages/clinician/ReportPrintPage'));
const Referrals = lazy(() => import('./pages/referrals/ReferralsPage'));
const NewReferral = lazy(() => import('./pages/referrals/NewReferralPage'));
const FollowUps = lazy(() => import('./pages/referrals/FollowUpsPage'));
const Worklist = lazy(() => import('./pages/reader/WorklistPage'));
const Reading = lazy(() => import('./pages/reader/ReadingPage'));
const Capacity = lazy(() => import('./pages/admin/CapacityPage'));
const Catalog = lazy(() => import('./pages/admin/CatalogPage'));
const Users = lazy(() => import('./pages/admin/UsersPage'));
const ApiClients = lazy(() => import('./pages/admin/ApiClientsPage'));
const Audit = lazy(() => import('./pages/admin/AuditPage'));
const Indicators = lazy(() => import('./pages/admin/IndicatorsPage'));

const CLINIC = ['clinician'];
const COORD = ['referral_coordinator'];
const READ = ['reader', 'senior_reader'];
const ADMIN = ['community_admin'];

export const ROUTES: PageRoute[] = [
  { path: 'studies', label: 'studies', roles: [...CLINIC, ...READ], element: <Studies /> },
  { path: 'studies/upload', label: 'upload', roles: CLINIC, element: <Upload /> },
  { path: 'exam-orders', label: 'examOrders', roles: CLINIC, element: <ExamOrders /> },
  {
    path: 'studies/:id',
    label: 'studies',
    roles: [...CLINIC, ...READ],
    element: <StudyDetail />,
    hidden: true,
  },
  {
    path: 'reports/:studyId/print',
    label: 'studies',
    roles: [...CLINIC, ...READ],
    element: <ReportPrint />,
    hidden: true,
  },
  { path: 'referrals', label: 'referrals', roles: [...COORD, ...CLINIC], element: <Referrals /> },
  {
    path: 'referrals/new',
    label: 'newReferral',
    roles: [...COORD, ...CLINIC],
    element: <NewReferral />,
  },
  { path: 'follow-ups', label: 'followUps', roles: [...COORD, ...CLINIC], element: <FollowUps /> },
  { path: 'reader/worklist', label: 'worklist', roles: READ, element: <Worklist /> },
  {
    path: 'reader/studies/:id',
    label: 'worklist',
    roles: READ,
    element: <Reading />,
    hidden: true,
  },
  { path: 'admin/capacity', label: 'capacity', roles: [...ADMIN, ...COORD], element: <Capacity /> },
  { path: 'admin/catalog', label: 'catalog', roles: ADMIN, element: <Catalog /> },
  { path: 'admin/users', label: 'users', roles: ADMIN, element: <Users /> },
  { path: 'admin/api-clients', label: 'apiClients', roles: ADMIN, element: <ApiClients /> },
  { path: 'admin/audit', label: 'audit', roles: ADMIN, element: <Audit /> },
  { path: 'admin/indicators', label: 'indicators', roles: ADMIN, element: <Indicators /> },
];
