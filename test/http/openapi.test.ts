import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate, compileErrors } from '@readme/openapi-parser';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Every route Fastify registers, seen through an onRoute hook on each instance the app creates:
// the reference the document is checked against, independent of @fastify/swagger.
const registered = vi.hoisted(() => [] as { method: string; url: string; hidden: boolean }[]);

vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fastify')>();
  const create = actual.default as unknown as (...args: unknown[]) => FastifyInstance;
  const wrapped = (...args: unknown[]): FastifyInstance => {
    const app = create(...args);
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        registered.push({ method, url: route.url, hidden: route.schema?.hide === true });
      }
    });
    return app;
  };
  return { ...actual, default: wrapped, fastify: wrapped };
});

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

let t: TestApp;
let document: OpenApiDocument;

beforeAll(async () => {
  t = await buildTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json<OpenApiDocument>();
});
afterAll(async () => {
  await t.close();
});

const toOpenApiPath = (url: string): string => url.replace(/:([A-Za-z_]\w*)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document under @readme/openapi-parser', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.specification).toBe('OpenAPI');
  });

  it('lists every route Fastify registered under /api/v1, and nothing else', () => {
    const routes = registered
      .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${toOpenApiPath(r.url)}`);
    // The hook saw the app's routes (not an empty list that would make the check vacuous).
    expect(routes).toEqual(expect.arrayContaining(['GET /api/v1/health', 'POST /api/v1/organizations']));
    expect(registered.filter((r) => r.url.startsWith('/api/v1/') && r.hidden)).toEqual([]);
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect([...new Set(documented)].sort()).toEqual([...new Set(routes)].sort());
  });

  it('documents the problem+json error responses and the bearer scheme', () => {
    const login = document.paths['/api/v1/organizations']?.post as { responses: Record<string, unknown> } | undefined;
    expect(Object.keys(login?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
    expect(JSON.stringify(document)).toContain('"bearer"');
  });

  it('documents errors as application/problem+json, uploads with their body, and the statuses that occur (issue 9)', () => {
    type Responses = Record<string, { content?: Record<string, unknown> }>;
    const operations = Object.values(document.paths).flatMap(
      (methods) =>
        Object.values(methods) as { responses: Responses; requestBody?: { content: Record<string, unknown> } }[],
    );
    // The health check's 503 is its own JSON status ({status: "unavailable"}), not a problem.
    const errorTypes = new Set(
      operations.flatMap((o) =>
        Object.entries(o.responses)
          .filter(([status]) => Number(status) >= 400 && o !== document.paths['/api/v1/health']?.get)
          .flatMap(([, response]) => Object.keys(response.content ?? {})),
      ),
    );
    expect([...errorTypes]).toEqual(['application/problem+json']);
    const upload = document.paths['/api/v1/files']?.post as { requestBody?: { content: Record<string, unknown> } };
    expect(Object.keys(upload.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    const download = document.paths['/api/v1/files/{id}/content']?.get as { responses: Responses };
    expect(Object.keys(download.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
    const reset = document.paths['/api/v1/auth/password-reset']?.post as { responses: Responses };
    expect(reset.responses['202']?.content).toBeUndefined();
  });

  it('is served the same to signed-in callers', async () => {
    const token = await t.login('pm@northwind.example');
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: bearer(token) });
    expect(response.json()).toEqual(document);
  });
});

describe('the committed openapi.json', () => {
  it('equals what `saps openapi` generates (run npm run openapi:generate)', () => {
    const generated = execFileSync(process.execPath, [join(root, 'bin', 'saps.js'), 'openapi'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', SAPS_DEMO: '0', LOG_LEVEL: 'silent' },
      timeout: 60_000,
      // The document is well over the default 1 MiB of buffered output.
      maxBuffer: 64 * 1024 * 1024,
    });
    const committed = readFileSync(join(root, 'openapi.json'), 'utf8');
    expect(committed).toBe(generated);
  });

  it('describes the same API as GET /api/openapi.json', () => {
    const committed = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8')) as OpenApiDocument;
    expect(committed).toEqual(document);
  });
});
