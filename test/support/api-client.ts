import { expect } from 'vitest';
import { demoPassword } from '../../src/app/seed/seed-demo.js';
import { bearer, type TestApp } from './app.js';

/**
 * An HTTP client for tests that move the TestClock far: it signs each user in (again) whenever
 * their 12-hour session would have ended at the clock's current instant, so a test only names
 * who acts. Responses come back as `{ status, body, headers }`.
 */
export interface ApiResponse {
  status: number;
  // Tests read arbitrary fields of JSON answers.

  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const sessionMs = 11 * 60 * 60 * 1000;

export const demo = {
  operator: 'operator@saps.example',
  finance: 'finance@saps.example',
  benefits: 'benefits@northwind.example',
  pm: 'pm@northwind.example',
  partner: 'admin@fabrikam.example',
  consultant: 'consultant@fabrikam.example',
  otherPartner: 'admin@tailspin.example',
} as const;

export class ApiClient {
  private readonly sessions = new Map<string, { token: string; at: number }>();
  private readonly passwords = new Map<string, string>();

  constructor(private readonly t: TestApp) {}

  /** A user created by the test, with its password. */
  register(email: string, password: string): void {
    this.passwords.set(email, password);
  }

  async token(email: string): Promise<string> {
    const now = this.t.clock.now().getTime();
    const session = this.sessions.get(email);
    if (session && now >= session.at && now < session.at + sessionMs) {
      return session.token;
    }
    const token = await this.t.login(email, this.passwords.get(email) ?? demoPassword);
    this.sessions.set(email, { token, at: now });
    return token;
  }

  async call(email: string, method: Method, url: string, payload?: unknown): Promise<ApiResponse> {
    const response = await this.t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(await this.token(email)),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const isJson = /json/.test(String(response.headers['content-type'] ?? ''));
    return {
      status: response.statusCode,
      body: isJson ? response.json() : response.body,
      headers: response.headers,
    };
  }

  get(email: string, url: string) {
    return this.call(email, 'GET', url);
  }

  post(email: string, url: string, payload?: unknown) {
    return this.call(email, 'POST', url, payload ?? {});
  }

  /** Uploads one file (multipart) and returns its id. */
  async upload(email: string, name: string, content: string): Promise<string> {
    const response = await this.t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...bearer(await this.token(email)), 'content-type': 'multipart/form-data; boundary=XyZ' },
      payload: `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--XyZ--\r\n`,
    });
    if (response.statusCode !== 201) {
      throw new Error(`upload failed: ${response.statusCode} ${response.body}`);
    }
    return response.json<{ id: string }>().id;
  }
}

/** Expects an RFC 9457 problem with the api.md slug, and a detail containing every fragment. */
export function expectProblem(response: ApiResponse, status: number, slug: string, ...detail: string[]): void {
  expect({ status: response.status, type: response.body?.type }, JSON.stringify(response.body)).toEqual({
    status,
    type: `/problems/${slug}`,
  });
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  for (const fragment of detail) {
    expect(response.body.detail).toContain(fragment);
  }
}

export function expectStatus(response: ApiResponse, status: number): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
}

export interface StateSnapshot {
  voucher: unknown;
  agreement: unknown;
  ledger: unknown;
  auditCount: number;
}

/**
 * What a refusal must leave untouched, read as the operator: the voucher, the agreement (with
 * its balance), the agreement's ledger, and the number of audit records of both.
 */
export async function snapshot(
  api: ApiClient,
  ids: { voucherId?: string; agreementId: string },
): Promise<StateSnapshot> {
  const voucher = ids.voucherId ? (await api.get(demo.operator, `/vouchers/${ids.voucherId}`)).body : null;
  const agreement = (await api.get(demo.operator, `/agreements/${ids.agreementId}`)).body;
  const ledger = (await api.get(demo.operator, `/agreements/${ids.agreementId}/ledger?limit=200`)).body.items;
  let auditCount = 0;
  for (const id of [ids.voucherId, ids.agreementId]) {
    if (id) {
      auditCount += (await api.get(demo.operator, `/audit-events?entityId=${id}&limit=200`)).body.items.length;
    }
  }
  return { voucher, agreement, ledger, auditCount };
}

/** Runs a refused request and proves it changed nothing. */
export async function expectRefusedWithoutChange(
  api: ApiClient,
  ids: { voucherId?: string; agreementId: string },
  request: () => Promise<ApiResponse>,
  status: number,
  slug: string,
  ...detail: string[]
): Promise<ApiResponse> {
  const before = await snapshot(api, ids);
  const response = await request();
  expectProblem(response, status, slug, ...detail);
  expect(await snapshot(api, ids)).toEqual(before);
  return response;
}
