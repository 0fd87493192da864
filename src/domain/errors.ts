/**
 * The closed list of refusals SAPS can give. Each code is the slug of a problem type in
 * `api.md`; `http/problems.ts` maps every one of them to a status, exhaustively.
 */
export const problemCodes = [
  'validation-failed',
  'unauthenticated',
  'forbidden',
  'not-found',
  'invalid-transition',
  'concurrent-update',
  'deadline-passed',
  'insufficient-days',
  'not-eligible',
  'policy-violation',
  'idempotency-key-reused',
  'rate-limited',
  'service-unavailable',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

export interface FieldError {
  /** Dotted path of the field at fault, e.g. `body.days`. */
  path: string;
  message: string;
}

export interface DomainErrorExtras {
  errors?: FieldError[];
  /** For `rate-limited`: seconds until a new attempt may succeed. */
  retryAfterSeconds?: number;
}

/** A refusal with a human `detail`. Thrown anywhere below the HTTP layer; never a 500. */
export class DomainError extends Error {
  readonly code: ProblemCode;
  readonly extras: DomainErrorExtras;

  constructor(code: ProblemCode, detail: string, extras: DomainErrorExtras = {}) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.extras = extras;
  }

  get detail(): string {
    return this.message;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
