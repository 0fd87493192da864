import type { ProblemCode } from '../domain/errors.js';
// The English titles are the catalogue's (decision 028): one text, here and in every answer.
import { en } from '../domain/messages-en.js';

export interface ProblemType {
  status: number;
  title: string;
  /** Shown at `GET /problems/<slug>`: what it means and what to do. */
  description: string;
}

/** Every problem code, with its status: a switch so that a new code fails to compile here. */
export function problemType(code: ProblemCode): ProblemType {
  switch (code) {
    case 'validation-failed':
      return {
        status: 400,
        title: en['title.validation-failed'],
        description:
          'The request is malformed or a field is invalid. `errors` lists each field at fault with a message. Nothing was changed. Fix the fields and send the request again.',
      };
    case 'unauthenticated':
      return {
        status: 401,
        title: en['title.unauthenticated'],
        description:
          'No credentials, or credentials that are wrong, expired or revoked. Sign in with POST /api/v1/auth/login and send the session cookie or `Authorization: Bearer <token>`.',
      };
    case 'forbidden':
      return {
        status: 403,
        title: en['title.forbidden'],
        description:
          'You are signed in, but your role may not do this (the detail names the roles that may), or a cookie-authenticated change came without its `X-CSRF-Token` header.',
      };
    case 'not-found':
      return {
        status: 404,
        title: en['title.not-found'],
        description:
          'The object does not exist, or it belongs to another organisation. SAPS never says which, so that no organisation learns about another one\u2019s data.',
      };
    case 'invalid-transition':
      return {
        status: 409,
        title: en['title.invalid-transition'],
        description:
          'The voucher or payment request is not in a state that allows this action (for example, reserving a voucher that is already reserved). Read it again to see its state.',
      };
    case 'concurrent-update':
      return {
        status: 409,
        title: en['title.concurrent-update'],
        description:
          'Another request changed the same object at the same moment, or the first request with this Idempotency-Key is still running. Read the object again and retry.',
      };
    case 'deadline-passed':
      return {
        status: 422,
        title: en['title.deadline-passed'],
        description:
          'A program date or a voucher deadline has passed. The detail names the rule and the date, in the program time zone. Time rules are checked by the server at the moment of the action.',
      };
    case 'insufficient-days':
      return {
        status: 422,
        title: en['title.insufficient-days'],
        description:
          'The agreement\u2019s balance of planning days cannot cover the voucher. The detail gives the balance.',
      };
    case 'not-eligible':
      return {
        status: 422,
        title: en['title.not-eligible'],
        description:
          'An enrolment, competency, consultant exam or location is missing or expired. The detail says which; the partner\u2019s eligibility view shows every requirement.',
      };
    case 'policy-violation':
      return {
        status: 422,
        title: en['title.policy-violation'],
        description:
          'Another program rule forbids the request, for example a length the engagement type does not allow, or a second 15-day engagement of the same type for the same customer.',
      };
    case 'idempotency-key-reused':
      return {
        status: 422,
        title: en['title.idempotency-key-reused'],
        description:
          'The Idempotency-Key header was already used by you with a different method, path or body. Use a new key for each distinct request.',
      };
    case 'rate-limited':
      return {
        status: 429,
        title: en['title.rate-limited'],
        description:
          'Too many failed attempts. Wait for the number of seconds in the Retry-After header, then try again.',
      };
    case 'service-unavailable':
      return {
        status: 503,
        title: en['title.service-unavailable'],
        description:
          'The server cannot serve requests now: its database does not answer, misses migrations, or the server is shutting down. Try again shortly, or another server.',
      };
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped problem code ${String(unreachable)}`);
    }
  }
}
