/**
 * Wire types and queries of partner onboarding (api.md "Partners"). The types come from the
 * server's Zod schemas, on the JSON side (`z.input`: instants are strings); types only.
 */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  competency,
  consultant,
  enrollment,
  exam,
  importCompetenciesResponse,
  offeringEligibility,
  paymentRegistration,
  profile,
  profileRequest,
  requirement,
  signature,
} from '../../../../http/schemas/partners.js';
import type { programAgreement } from '../../../../http/schemas/programs.js';
import { api } from '../../../lib/api';
import type { Page, Program } from '../../../lib/types';

export type Competency = z.input<typeof competency>;
export type CompetencyImportReport = z.input<typeof importCompetenciesResponse>;
export type Consultant = z.input<typeof consultant>;
export type Exam = z.input<typeof exam>;
export type Enrollment = z.input<typeof enrollment>;
export type OfferingEligibility = z.input<typeof offeringEligibility>;
export type Requirement = z.input<typeof requirement>;
export type RequirementKey = Requirement['key'];
export type PaymentRegistration = z.input<typeof paymentRegistration>;
export type BusinessProfile = z.input<typeof profile>;
export type BusinessProfileRequest = z.input<typeof profileRequest>;
export type Signature = z.input<typeof signature>;
export type ProgramAgreement = z.input<typeof programAgreement>;

/** Query keys: everything about one partner starts with `['partners', id]`. */
export const partnerKey = (partnerId: string, ...rest: unknown[]) => ['partners', partnerId, ...rest] as const;

export function usePrograms() {
  return useQuery({
    queryKey: ['programs', 'all'],
    queryFn: () => api.get<Page<Program>>('/programs', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
}

export function useEligibility(partnerId: string, programId: string | null, country?: string | null) {
  return useQuery({
    queryKey: partnerKey(partnerId, 'eligibility', programId, country ?? null),
    queryFn: () =>
      api.get<Page<OfferingEligibility>>(`/partners/${partnerId}/eligibility`, {
        programId,
        country: country ?? undefined,
      }),
    enabled: !!programId,
  });
}

export function useProgramAgreement(programId: string | null) {
  return useQuery({
    queryKey: ['programs', programId, 'agreement'],
    queryFn: () => api.get<ProgramAgreement>(`/programs/${programId}/agreement`),
    enabled: !!programId,
  });
}

export function useSignatures(partnerId: string) {
  return useQuery({
    queryKey: partnerKey(partnerId, 'signatures'),
    queryFn: () => api.get<Page<Signature>>(`/partners/${partnerId}/program-agreement`),
  });
}

export function useEnrollments(partnerId: string) {
  return useQuery({
    queryKey: partnerKey(partnerId, 'enrollments'),
    queryFn: () => api.get<Page<Enrollment>>(`/partners/${partnerId}/enrollments`),
  });
}

export function useCompetencies(partnerId: string) {
  return useQuery({
    queryKey: partnerKey(partnerId, 'competencies'),
    queryFn: () => api.get<Page<Competency>>(`/partners/${partnerId}/competencies`),
  });
}

export function useConsultants(partnerId: string) {
  return useQuery({
    queryKey: partnerKey(partnerId, 'consultants'),
    queryFn: () => api.get<Page<Consultant>>(`/partners/${partnerId}/consultants`),
  });
}

export function usePaymentRegistrations(partnerId: string) {
  return useQuery({
    queryKey: partnerKey(partnerId, 'payment-registrations'),
    queryFn: () => api.get<Page<PaymentRegistration>>(`/partners/${partnerId}/payment-registrations`),
  });
}
