import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { id } from './common.js';
import { role } from './auth.js';

export const organizationUserParams = z.strictObject({ id, userId: id });

export const setRolesRequest = z.strictObject({
  roles: z.array(role).min(1, fieldKey('field.atLeastOneRole')).max(7),
});

export const passwordResetRequest = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254)
    .transform((value) => value.toLowerCase())
    .describe('the e-mail of the account; the answer is the same whether it exists or not'),
});

export const confirmPasswordResetRequest = z.strictObject({
  token: z.string().min(1).max(200),
  password: z.string().min(12, fieldKey('field.passwordLength')).max(1024),
});
