import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { Location, Page } from '../../lib/types';

export function useLocations(partnerId: string | undefined) {
  return useQuery({
    queryKey: ['partners', partnerId, 'locations'],
    queryFn: () => api.get<Page<Location>>(`/partners/${partnerId}/locations`, { limit: 200 }),
    enabled: !!partnerId,
  });
}
