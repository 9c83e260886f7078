import type { monitoringPageTexts as fr } from '../fr/monitoringPages.ts';
import type { Widen } from '../fr.ts';

export const monitoringPageTexts: Widen<typeof fr> = {
  monitoring: {
    title: 'Performance',
    lead: 'API response times, errors, database, job queues and real-time connections. Refreshed every 10 seconds while the page is shown.',
    refresh: 'Refresh',
    updatedAt: 'Updated at {{time}}',
    instance: 'Figures of instance {{id}} (up for {{uptime}})',
    window: { label: 'Period', hour: 'Last hour', day: 'Last 24 hours' },
    levels: { good: 'fine', watch: 'to watch', bad: 'critical' },
    routes: {
      title: 'API routes, slowest first (p95)',
      caption: 'Response times per route over the period, measured by this instance',
      route: 'Route',
      count: 'Requests',
      p50: 'p50',
      p95: 'p95',
      p99: 'p99',
      clientErrors: '4xx errors',
      serverErrors: '5xx errors',
      empty: 'No requests in this period.',
      legend:
        'p95: fine under {{good}} ms, critical above {{bad}} ms. 5xx errors: critical above {{errors}}.',
    },
    queries: {
      title: 'Slowest SQL queries',
      source: {
        pg_stat_statements: 'Source: pg_stat_statements (every instance, since its last reset).',
        not_installed:
          'pg_stat_statements is not installed in this database: here are the routes this instance spent the most time in.',
        unreadable:
          'pg_stat_statements is installed but cannot be read (not loaded in shared_preload_libraries, or missing rights): here are the routes this instance spent the most time in.',
      },
      query: 'Query',
      calls: 'Calls',
      mean: 'Mean',
      max: 'Max',
      total: 'Total time',
      empty: 'No queries recorded.',
    },
    database: {
      title: 'Database',
      size: 'Size',
      connections: 'Connections by state',
      pool: 'This instance’s pool',
      poolTotal: 'open',
      poolIdle: 'idle',
      poolWaiting: 'waiting',
    },
    jobs: {
      title: 'Job queues',
      queue: 'Queue',
      queued: 'Queued',
      deferred: 'Deferred',
      active: 'Running',
      failed: 'Failed (24 h)',
      empty: 'No queues.',
    },
    sockets: {
      title: 'Real-time connections',
      total: '{{count}} connected in all',
      incomplete: 'Some instances did not answer in time: the total counts only those listed.',
    },
    runtime: {
      title: 'This instance’s process',
      eventLoop: 'Event-loop delay (last minute)',
      memory: 'Memory',
      rss: 'resident',
      heap: 'heap used / allocated',
    },
  },
};
