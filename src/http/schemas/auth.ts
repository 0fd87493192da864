import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { organizationKinds, roles } from '../../domain/roles.js';
import { email, id, instant } from './common.js';

export const role = z.enum(roles);

export const user = z.object({
  id,
  email: z.string(),
  name: z.string(),
  organizationId: id,
  organizationKind: z.enum(organizationKinds),
  roles: z.array(role),
  active: z.boolean(),
  createdAt: instant,
});
export type UserResponse = z.output<typeof user>;

export const loginRequest = z.strictObject({
  email,
  password: z.string().min(1, fieldKey('field.required')).max(1024),
});

export const loginResponse = z.object({
  user,
  token: z.string().describe('send as `Authorization: Bearer <token>`'),
  csrfToken: z.string().describe('send as `X-CSRF-Token` on cookie-authenticated changes'),
  expiresAt: instant,
});

export const acceptInvitationRequest = z.strictObject({
  token: z.string().min(1).max(200),
  password: z.string().min(12, fieldKey('field.passwordLength')).max(1024),
});
