import { useQuery } from '@tanstack/react-query';
import type { Product } from '../../../common/products.ts';
import { api } from '../lib/api.ts';

export const productKeys = {
  all: ['products'] as const,
};

/** The product catalogue (names, questions), which the simulator, sign-up, dossiers and marketplace all show. */
export function useProducts() {
  return useQuery({
    queryKey: productKeys.all,
    queryFn: () => api<{ items: Product[] }>('/api/products').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}
