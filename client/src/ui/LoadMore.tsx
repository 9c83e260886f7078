import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

type PagedQuery = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/** "Load more" under a paginated list (an infinite query), shown while another page follows. */
export function LoadMore({ query, className }: { query: PagedQuery; className?: string }) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <Button
      className={className}
      variant="secondary"
      busy={query.isFetchingNextPage}
      onClick={() => query.fetchNextPage()}
    >
      {t('common.loadMore')}
    </Button>
  );
}
