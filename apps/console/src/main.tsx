import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { App as AntApp } from 'antd';
import { LocaleProvider } from './i18n/locale';
import { AppShell } from './layout/AppShell';
import HomePage from './pages/HomePage';
import { ROUTES } from './routes';
import { SessionProvider } from './session/session';

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <AppShell />,
      children: [
        { index: true, element: <HomePage /> },
        ...ROUTES.map((r) => ({ path: r.path, element: r.element })),
        { path: '*', element: <HomePage /> },
      ],
    },
  ],
  { basename: '/console' },
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LocaleProvider>
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </LocaleProvider>
  </StrictMode>,
);
