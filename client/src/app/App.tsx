import {
  type DehydratedState,
  hydrate,
  QueryClient,
  QueryClientProvider,
  type QueryOptions,
} from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiError } from '../lib/api.ts';
import { RealtimeProvider } from '../lib/realtime.tsx';
import { pageUser, SessionProvider } from '../lib/session.tsx';
import { RecordParts } from '../ui/lazyPart.tsx';
import { keepCachesLive } from './liveCaches.ts';
import { AppRoutes } from './routes.tsx';

export function newQueryClient(queries: Pick<QueryOptions, 'retry'> = {}) {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        ...queries,
      },
    },
  });
}

/**
 * Everything around the pages, given its router: the browser's, or a static one when rendering ahead, which also
 * notes the parts loaded on demand that the page drew (`parts`).
 */
export function AppShell({
  queryClient,
  router,
  parts,
}: {
  queryClient: QueryClient;
  router: (pages: ReactNode) => ReactNode;
  parts?: Set<string>;
}) {
  const app = (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RealtimeProvider keepCachesLive={keepCachesLive}>{router(<AppRoutes />)}</RealtimeProvider>
      </SessionProvider>
    </QueryClientProvider>
  );
  return parts ? <RecordParts into={parts}>{app}</RecordParts> : app;
}

const queryClient = newQueryClient();

/** Starts the app from the queries a page was rendered with by the server (common/page-html.ts). */
export function startFromQueries(state: DehydratedState) {
  hydrate(queryClient, state);
}

/** Whether the page was rendered by the server for a signed-in visitor (else for an anonymous one, or not at all). */
export const renderedSignedIn = () => pageUser(queryClient) !== undefined;

export function App() {
  return <AppShell queryClient={queryClient} router={(pages) => <BrowserRouter>{pages}</BrowserRouter>} />;
}
