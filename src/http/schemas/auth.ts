import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { organizationKinds, roles } from '../../domain/roles.js';
import { singleSignOnRefusals } from '../../domain/single-sign-on.js';
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

export const authProviders = z.object({
  singleSignOn: z.boolean().describe('single sign-on for operator staff is configured (`GET /auth/oidc/start`)'),
});
export type AuthProvidersResponse = z.output<typeof authProviders>;

export const singleSignOnStartQuery = z.object({
  next: z.string().max(2000).optional().describe('the path of this app to open once signed in (default `/`)'),
});

/** The authorization response (RFC 6749 §4.1.2, RFC 9207); openid-client reads and checks it. */
export const singleSignOnCallbackQuery = z.looseObject({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** Why a single sign-on was refused: `/sign-in?sso=<reason>` (decision 027). */
export const singleSignOnRefusal = z.enum(singleSignOnRefusals);
