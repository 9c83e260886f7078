import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
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

/** A product's name by its code (the code itself until the catalogue is there). */
export function useProductName(): (code: string) => string {
  const products = useProducts();
  return useCallback(
    (code: string) => products.data?.find((p) => p.code === code)?.name ?? code,
    [products.data],
  );
}
