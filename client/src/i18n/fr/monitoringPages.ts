/** The admin's performance page (`/admin/performances`). Loaded with the page, not the app shell (../monitoring-pages.ts). */
export const monitoringPageTexts = {
  monitoring: {
    title: 'Performances',
    lead: 'Temps de réponse de l’API, erreurs, base de données, files de tâches et connexions temps réel. Mise à jour toutes les 10 secondes tant que la page est affichée.',
    refresh: 'Actualiser',
    updatedAt: 'Mis à jour à {{time}}',
    instance: 'Chiffres de l’instance {{id}} (en service depuis {{uptime}})',
    window: { label: 'Période', hour: 'Dernière heure', day: 'Dernières 24 heures' },
    levels: { good: 'correct', watch: 'à surveiller', bad: 'critique' },
    routes: {
      title: 'Routes de l’API, les plus lentes d’abord (p95)',
      caption: 'Temps de réponse par route sur la période, mesurés par cette instance',
      route: 'Route',
      count: 'Requêtes',
      p50: 'p50',
      p95: 'p95',
      p99: 'p99',
      clientErrors: 'Erreurs 4xx',
      serverErrors: 'Erreurs 5xx',
      empty: 'Aucune requête sur la période.',
      legend:
        'p95 : correct sous {{good}} ms, critique au-delà de {{bad}} ms. Erreurs 5xx : critique au-delà de {{errors}}.',
    },
    queries: {
      title: 'Requêtes SQL les plus lentes',
      source: {
        pg_stat_statements:
          'Source : pg_stat_statements (toutes les instances, depuis la dernière remise à zéro).',
        not_installed:
          'pg_stat_statements n’est pas installé sur cette base : voici les routes où cette instance a passé le plus de temps.',
        unreadable:
          'pg_stat_statements est installé mais illisible (non chargé dans shared_preload_libraries ou droits insuffisants) : voici les routes où cette instance a passé le plus de temps.',
      },
      query: 'Requête',
      calls: 'Appels',
      mean: 'Moyenne',
      max: 'Max',
      total: 'Temps total',
      empty: 'Aucune requête enregistrée.',
    },
    database: {
      title: 'Base de données',
      size: 'Taille',
      connections: 'Connexions par état',
      pool: 'Pool de cette instance',
      poolTotal: 'ouvertes',
      poolIdle: 'libres',
      poolWaiting: 'en attente',
    },
    jobs: {
      title: 'Files de tâches',
      queue: 'File',
      queued: 'En attente',
      deferred: 'Différées',
      active: 'En cours',
      failed: 'Échecs (24 h)',
      empty: 'Aucune file.',
    },
    sockets: {
      title: 'Connexions temps réel',
      total: '{{count}} connectée(s) au total',
      incomplete: 'Certaines instances n’ont pas répondu à temps : le total ne compte que celles listées.',
    },
    runtime: {
      title: 'Processus de cette instance',
      eventLoop: 'Latence de la boucle d’événements (dernière minute)',
      memory: 'Mémoire',
      rss: 'résidente',
      heap: 'tas utilisé / alloué',
    },
  },
};
