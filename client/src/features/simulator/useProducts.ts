import { useQuery } from '@tanstack/react-query';
import type { Product } from '../../../../common/products.ts';
import { api } from '../../lib/api.ts';

export function useProducts() {
  return useQuery({
    queryKey: ['products'],
    queryFn: () => api<{ items: Product[] }>('/api/products').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}
