import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { organizationKinds } from '../../domain/roles.js';
import { country, instant, id, email } from './common.js';
import { role } from './auth.js';

export const organization = z.object({
  id,
  kind: z.enum(organizationKinds),
  name: z.string(),
  country,
  createdAt: instant,
});
export type OrganizationResponse = z.output<typeof organization>;

export const createOrganizationRequest = z.strictObject({
  kind: z.enum(['customer', 'partner']),
  name: z.string().trim().min(1, fieldKey('field.required')).max(200),
  country,
});

export const listOrganizationsQuery = z.strictObject({
  kind: z.enum(organizationKinds).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const createUserRequest = z.strictObject({
  email,
  name: z.string().trim().min(1, fieldKey('field.required')).max(200),
  roles: z.array(role).min(1, fieldKey('field.atLeastOneRole')).max(7),
  password: z.string().min(12, fieldKey('field.passwordLength')).max(1024).optional(),
});
