import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { id, instant, pageQuery } from './common.js';

const region = z.string().regex(/^([A-Z]{2}|EMEA|AMER|APAC|\*)$/, fieldKey('field.supportRegion'));

export const supportContactInput = z
  .strictObject({
    name: z.string().trim().min(1, fieldKey('field.nameRequired')).max(200),
    email: z.email(fieldKey('field.email')).max(254).nullish(),
    url: z
      .string()
      .max(500)
      .regex(/^(https?:\/\/|\/)/, fieldKey('field.supportUrl'))
      .nullish(),
    regions: z.array(region).min(1, fieldKey('field.atLeastOneRegion')).max(250),
  })
  .refine((c) => Boolean(c.email) || Boolean(c.url), { message: fieldKey('field.emailOrUrl'), path: ['email'] });

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
  subject: z.string().trim().min(1, fieldKey('field.subjectRequired')).max(200),
  message: z.string().trim().min(1, fieldKey('field.messageRequired')).max(10_000),
  voucherId: id.optional(),
  paymentRequestId: id.optional(),
});

export const serviceRequestReplyInput = z.strictObject({
  message: z.string().trim().min(1, fieldKey('field.messageRequired')).max(10_000),
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
