import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { problemCodes } from '../../domain/errors.js';

/** Instants travel as ISO 8601 UTC strings and are `Date` inside the server. */
export const instant = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (value) => new Date(value),
  encode: (value) => value.toISOString(),
});

export const calendarDate = z.iso.date().describe('a calendar date, YYYY-MM-DD');

export const country = z
  .string()
  .regex(/^[A-Z]{2}$/, fieldKey('field.countryCode'))
  .describe('ISO 3166-1 alpha-2 country code');

export const currency = z.string().regex(/^[A-Z]{3}$/, fieldKey('field.currencyCode'));

export const money = z.object({
  amountMinor: z.number().int().describe('integer minor units (cents)'),
  currency,
});

export const id = z.uuid(fieldKey('field.id'));

export const idParams = z.strictObject({ id });

export const email = z
  .email('must be an e-mail address')
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('at most 200'),
  cursor: z.string().max(500).optional().describe('the nextCursor of the previous page'),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.enum(problemCodes).optional(),
    messageKey: z
      .string()
      .optional()
      .describe('the catalogue key of the detail (decision 028): the same in every language'),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]))
      .optional()
      .describe('the dates, numbers and names in the detail, for clients that write their own text'),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({
    id: 'Problem',
    description:
      'RFC 9457 problem details; title, detail and errors[].message in the language of Accept-Language (en or fr) or the user’s saved language',
  });

/** A problem answer in the OpenAPI document: RFC 9457's media type, not application/json. */
export function problemAnswer(description: string) {
  return { description, content: { 'application/problem+json': { schema: problem } } };
}

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: problemAnswer('validation-failed: the request is malformed or a field is invalid'),
  401: problemAnswer('unauthenticated: no credentials, or wrong, expired or revoked ones'),
  403: problemAnswer('forbidden: not allowed for your role, or a cookie-authenticated change without X-CSRF-Token'),
  404: problemAnswer('not-found: no such object, or another organisation’s'),
  409: problemAnswer('invalid-transition or concurrent-update'),
  422: problemAnswer('deadline-passed, insufficient-days, not-eligible, policy-violation or idempotency-key-reused'),
  429: problemAnswer('rate-limited: wait for Retry-After seconds'),
} as const;

/** Errors of routes that need no sign-in and take no input (health): a malformed URL only. */
export const publicErrorResponses = {
  400: errorResponses[400],
  404: errorResponses[404],
} as const;
