import { z } from 'zod';
import { id, instant, pageQuery } from './common.js';

const region = z.string().regex(/^([A-Z]{2}|EMEA|AMER|APAC|\*)$/, 'must be an ISO country code, EMEA, AMER, APAC or *');

export const supportContactInput = z
  .strictObject({
    name: z.string().trim().min(1, 'a name is required').max(200),
    email: z.email('must be an e-mail address').max(254).nullish(),
    url: z
      .string()
      .max(500)
      .regex(/^(https?:\/\/|\/)/, 'must be an http(s) URL or an app path starting with /')
      .nullish(),
    regions: z.array(region).min(1, 'at least one country or region').max(250),
  })
  .refine((c) => Boolean(c.email) || Boolean(c.url), { message: 'an e-mail or a URL is required', path: ['email'] });

export const supportContact = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  url: z.string().nullable(),
  regions: z.array(z.string()),
});

export const supportContactList = z.object({
  items: z.array(supportContact),
  nextCursor: z.null(),
  regionalContactId: id.nullable().optional().describe('the contact that serves the caller\u2019s country'),
});

export const putSupportContacts = z.array(supportContactInput).max(50);

export const serviceRequestStatus = z.enum(['open', 'answered', 'closed']);

export const createServiceRequest = z.strictObject({
  subject: z.string().trim().min(1, 'a subject is required').max(200),
  message: z.string().trim().min(1, 'a message is required').max(10_000),
  voucherId: id.optional(),
  paymentRequestId: id.optional(),
});

export const serviceRequestReplyInput = z.strictObject({
  message: z.string().trim().min(1, 'a message is required').max(10_000),
});

export const serviceRequest = z
  .object({
    id,
    reference: z.string(),
    status: serviceRequestStatus,
    organizationId: id,
    requesterId: id,
    requesterName: z.string(),
    subject: z.string(),
    message: z.string(),
    voucherId: id.nullable(),
    paymentRequestId: id.nullable(),
    createdAt: instant,
    updatedAt: instant,
    replies: z
      .array(z.object({ id, at: instant, authorName: z.string(), fromOperator: z.boolean(), message: z.string() }))
      .optional(),
  })
  .meta({ id: 'ServiceRequest' });

export const serviceRequestsQuery = pageQuery.extend({ status: serviceRequestStatus.optional() });
