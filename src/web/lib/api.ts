/**
 * The one way the web app talks to the server (api.md): JSON over `/api/v1`, the session cookie
 * (credentials same-origin), `X-CSRF-Token` from the `saps_csrf` cookie on changes, an
 * `Idempotency-Key` on every POST, and problem+json refusals turned into `ApiError`.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  /** `/problems/<slug>`, or `about:blank` for an unexpected failure. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    type: string;
    title: string;
    detail: string;
    errors?: FieldError[];
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The problem slug (`validation-failed`, `deadline-passed`, …), or `unknown`. */
  get slug(): string {
    return this.type.startsWith('/problems/') ? this.type.slice('/problems/'.length) : 'unknown';
  }
}

export const apiBase = '/api/v1';
export const unauthenticatedEvent = 'saps:unauthenticated';

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(rest.join('='));
    }
  }
  return undefined;
}

export function csrfToken(): string | undefined {
  return readCookie('saps_csrf');
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function mutationHeaders(method: Method): Record<string, string> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) {
      headers['X-CSRF-Token'] = token;
    }
  }
  if (method === 'POST') {
    headers['Idempotency-Key'] = crypto.randomUUID();
  }
  return headers;
}

export async function problemFrom(response: Response): Promise<ApiError> {
  const retryAfter = response.headers.get('retry-after');
  const retryAfterSeconds = retryAfter ? Number(retryAfter) : undefined;
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<{
      type: string;
      title: string;
      detail: string;
      errors: FieldError[];
    }>;
    return new ApiError({
      status: response.status,
      type: body.type ?? 'about:blank',
      title: body.title ?? response.statusText,
      detail: body.detail ?? '',
      errors: Array.isArray(body.errors) ? body.errors : [],
      retryAfterSeconds,
    });
  } catch {
    return new ApiError({
      status: response.status,
      type: 'about:blank',
      title: response.statusText,
      detail: text.slice(0, 200),
      retryAfterSeconds,
    });
  }
}

/**
 * The UI's language, sent as `Accept-Language` with every call so that the server's refusals
 * and texts come in it (issue 12, M7; the server's first choice, before the saved language).
 */
const answerLanguage = (): string => document.documentElement.lang || 'en';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': answerLanguage(),
    ...mutationHeaders(method),
  };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, init);
  } catch (cause) {
    throw new ApiError({ status: 0, type: 'network', title: 'network', detail: String(cause) });
  }
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401 && !path.startsWith('/auth/')) {
      window.dispatchEvent(new Event(unauthenticatedEvent));
    }
    throw error;
  }
  // 204, and answers such as the password-reset 202, carry no body.
  const answer = await response.text();
  return (answer === '' ? undefined : JSON.parse(answer)) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  sha256: string;
}

/** `POST /files` (multipart, one file), with upload progress from 0 to 1. */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return postFile<UploadedFile>('/files', file, onProgress);
}

/**
 * POSTs one file as multipart/form-data (`path` may carry a query), with upload progress from 0
 * to 1: fetch cannot report it, XMLHttpRequest can.
 */
export function postFile<T>(path: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase}${path}`);
    xhr.withCredentials = true;
    for (const [key, value] of Object.entries(mutationHeaders('POST'))) {
      xhr.setRequestHeader(key, value);
    }
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', answerLanguage());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        onProgress(event.loaded / event.total);
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, type: 'network', title: 'network', detail: file.name }));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as T);
        return;
      }
      if (xhr.status === 401) {
        window.dispatchEvent(new Event(unauthenticatedEvent));
      }
      void problemFrom(response).then(reject);
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Set by the UI layer (lib/ui.tsx): turns API names in server messages into words. */
let humanizeField: (message: string) => string = (message) => message;
export function setFieldMessageHumanizer(humanize: (message: string) => string): void {
  humanizeField = humanize;
}

/** Field errors by the field's path inside the body (`body.calendar.lastVoucherDate` → `calendar.lastVoucherDate`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) {
    return {};
  }
  const result: Record<string, string> = {};
  for (const item of error.errors) {
    const path = item.path.replace(/^(body|query|params)\.?/, '');
    if (path && result[path] === undefined) {
      result[path] = humanizeField(item.message);
    }
  }
  return result;
}

/** The errors that belong to no field shown in the form. */
export function unplacedErrors(error: unknown, shownFields: readonly string[]): FieldError[] {
  if (!(error instanceof ApiError)) {
    return [];
  }
  return error.errors.filter((item) => {
    const path = item.path.replace(/^(body|query|params)\.?/, '');
    return !shownFields.includes(path);
  });
}
