import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { EngagementType, Page, Program } from '../../lib/types';

/** Engagement types of every program, by id, to name them in lists. */
export function useEngagementTypeIndex(): Map<string, EngagementType> {
  const programs = useQuery({
    queryKey: ['programs', 'all'],
    queryFn: () => api.get<Page<Program>>('/programs', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const types = useQueries({
    queries: (programs.data?.items ?? []).map((program) => ({
      queryKey: ['programs', program.id, 'engagement-types'],
      queryFn: () => api.get<Page<EngagementType>>(`/programs/${program.id}/engagement-types`),
      staleTime: 5 * 60_000,
    })),
  });
  const index = new Map<string, EngagementType>();
  for (const result of types) {
    for (const type of result.data?.items ?? []) {
      index.set(type.id, type);
    }
  }
  return index;
}
