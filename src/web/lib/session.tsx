import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, ApiError, csrfToken, unauthenticatedEvent } from './api';
import type { Me, Role } from './types';

export const meKey = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  // No CSRF cookie means no session: do not even ask.
  if (!csrfToken()) {
    return null;
  }
  try {
    return await api.get<Me>('/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** Forgets the user when any request answers 401 (the session expired or was revoked). */
export function useSessionExpiry(): void {
  const client = useQueryClient();
  useEffect(() => {
    const onExpired = () => {
      client.setQueryData(meKey, null);
    };
    window.addEventListener(unauthenticatedEvent, onExpired);
    return () => window.removeEventListener(unauthenticatedEvent, onExpired);
  }, [client]);
}

export function hasRole(me: Me | null | undefined, ...roles: Role[]): boolean {
  return !!me && me.roles.some((role) => roles.includes(role));
}

export type Portal = 'operator' | 'partner' | 'customer';

export function portalOf(me: Me): Portal {
  if (me.organizationKind === 'operator') {
    return 'operator';
  }
  return me.organizationKind === 'partner' ? 'partner' : 'customer';
}
