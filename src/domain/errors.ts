import { msg, render, type Message, type MessageKey, type MessageParams } from './messages.js';

export { msg } from './messages.js';

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
  /** In English; the HTTP layer answers `text` in the caller's language when it is set. */
  message: string;
  /** The message as a catalogue key with params (issue 12, M7). */
  text?: Message;
}

/** A field at fault, with its message from the catalogue. */
export function fieldError(path: string, key: MessageKey, params: MessageParams = {}): FieldError {
  return fieldMessage(path, msg(key, params));
}

/** A field at fault with a whole catalogue message (one with `parts`, as a skipped import row's reason). */
export function fieldMessage(path: string, text: Message): FieldError {
  // Not enumerable: a field error still reads, compares and serialises as `{path, message}`
  // (api.md's shape), and only the HTTP layer asks for `text` to answer in another language.
  return Object.defineProperty({ path, message: render(text, 'en') }, 'text', { value: text, enumerable: false });
}

export interface DomainErrorExtras {
  errors?: FieldError[];
  /** For `rate-limited`: seconds until a new attempt may succeed. */
  retryAfterSeconds?: number;
}

/**
 * A refusal with a human `detail`. Thrown anywhere below the HTTP layer; never a 500. The
 * detail is a catalogue message (messages.ts), rendered in the caller's language by the HTTP
 * layer; `message` holds its English text for logs and tests. A plain string is accepted for
 * text that comes from elsewhere (a library's words) and is answered as it is.
 */
export class DomainError extends Error {
  readonly code: ProblemCode;
  readonly extras: DomainErrorExtras;
  readonly text: Message | undefined;

  constructor(code: ProblemCode, detail: Message | string, extras: DomainErrorExtras = {}) {
    super(typeof detail === 'string' ? detail : render(detail, 'en'));
    this.name = 'DomainError';
    this.code = code;
    this.extras = extras;
    this.text = typeof detail === 'string' ? undefined : detail;
  }

  get detail(): string {
    return this.message;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Runs `work` with refusals made without a stack trace. Every voucher and payment-request answer
 * dry-runs each action's check (`availableActions`) and throws the refusals away; capturing their
 * stacks was 80 % of a refusal's cost (24 µs, 5 µs without) and about a tenth of the server's CPU
 * per transition in the lifecycle bench's profile. Safe because it is synchronous: nothing else
 * runs before the limit is restored.
 */
export function withoutStackTraces<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Whether a check that refuses by throwing a DomainError passes now (a dry run). Any other error
 * is a bug: the check is pure, so it runs again with stack traces on, and that error is thrown.
 */
export function passes(check: () => void): boolean {
  try {
    withoutStackTraces(check);
    return true;
  } catch (error) {
    if (error instanceof DomainError) {
      return false;
    }
    check();
    throw error;
  }
}

/** A refusal whose detail is the catalogue message `key` with `params`. */
export function refusal(
  code: ProblemCode,
  key: MessageKey,
  params: MessageParams = {},
  extras: DomainErrorExtras = {},
): DomainError {
  return new DomainError(code, msg(key, params), extras);
}
