import { createHash } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFileBytes } from '../../src/app/files/upload-file.js';
import { orphanAgeMs, removeOrphanFiles } from '../../src/app/files/remove-orphan-files.js';
import { auditEvents, files } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { makeVoucher } from '../support/voucher-factory.js';

/** Uploads (decision 018): by content type, one file, bounded, per-organisation quota, orphans removed. */
let t: TestApp;
let consultant: string;
let partner: string;
let pm: string;

const boundary = 'saps-test-boundary';
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR'),
  Buffer.alloc(17),
]);

function part(name: string, content: Buffer, type = 'application/pdf', field = 'file'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from('\r\n'),
  ]);
}

const body = (...parts: Buffer[]): Buffer => Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);

const upload = (token: string, payload: Buffer, contentType = `multipart/form-data; boundary=${boundary}`) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/files',
    headers: { ...bearer(token), 'content-type': contentType },
    payload,
  });

const fileCount = async (): Promise<number> => (await t.handle.db.select({ n: count() }).from(files))[0]!.n;

beforeAll(async () => {
  t = await buildTestApp();
  consultant = await t.login('consultant@fabrikam.example');
  partner = await t.login('admin@fabrikam.example');
  pm = await t.login('pm@northwind.example');
});
afterAll(async () => {
  await t.close();
});

describe('POST /files', () => {
  it('stores a PDF and serves it back as an attachment with its detected type and a sandbox CSP', async () => {
    // The client says text/html: the type comes from the content.
    const content = pdf('deployment plan');
    const created = await upload(consultant, body(part('plan.pdf', content, 'text/html')));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'plan.pdf',
      size: content.length,
      contentType: 'application/pdf',
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${created.json().id}/content`,
      headers: bearer(consultant),
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''plan.pdf");
    expect(download.headers['content-security-policy']).toBe('sandbox');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('recognises a PNG sent as application/pdf, and keeps a file of several chunks byte for byte', async () => {
    const image = Buffer.concat([png, Buffer.alloc(700 * 1024, 7)]); // three 256 KiB chunks on PostgreSQL
    const created = await upload(partner, body(part('diagram.pdf', image)));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().contentType).toBe('image/png');
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${created.json().id}/content`,
      headers: bearer(partner),
    });
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(image)).toBe(true);
  });

  it.each([
    ['an HTML page named .pdf', Buffer.from('<html><script>alert(1)</script></html>')],
    ['plain text', Buffer.from('just some notes')],
    ['a GIF (not on the list)', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;')],
  ])('refuses %s with 400 validation-failed and stores nothing', async (_label, content) => {
    const before = await fileCount();
    const response = await upload(consultant, body(part('plan.pdf', content)));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      type: '/problems/validation-failed',
      errors: [{ path: 'body.file', message: 'type not accepted' }],
    });
    expect(await fileCount()).toBe(before);
  });

  it('refuses a request with two files with 400, storing neither', async () => {
    const before = await fileCount();
    const response = await upload(consultant, body(part('a.pdf', pdf('a')), part('b.pdf', pdf('b'))));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'body.file', message: 'more than one file' }] });
    expect(await fileCount()).toBe(before);
  });

  it('refuses a file name with a NUL character with 400', async () => {
    const response = await upload(consultant, body(part('plan\u0000.pdf', pdf('nul'))));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ type: '/problems/validation-failed', errors: [{ path: 'body.file' }] });
  });

  it.each([
    ['no boundary', body(part('plan.pdf', pdf('x'))), 'multipart/form-data'],
    ['a wrong boundary', body(part('plan.pdf', pdf('x'))), 'multipart/form-data; boundary=another-boundary'],
    ['a truncated body', part('plan.pdf', pdf('x'.repeat(5000))).subarray(0, 300), undefined],
    ['a part without headers end', Buffer.from(`--${boundary}\r\nContent-Disposition: form-data`), undefined],
  ])('answers a multipart body with %s with 400 problem+json', async (_label, payload, contentType) => {
    const before = await fileCount();
    const response = await upload(consultant, payload, contentType);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().type).toBe('/problems/validation-failed');
    expect(await fileCount()).toBe(before);
  });

  it('accepts a file of exactly the maximum size and refuses one byte more', async () => {
    const at = Buffer.concat([pdf('big'), Buffer.alloc(maxFileBytes - pdf('big').length, 0x20)]);
    expect(at.length).toBe(maxFileBytes);
    const accepted = await upload(partner, body(part('big.pdf', at)));
    expect(accepted.statusCode, accepted.body).toBe(201);
    const refused = await upload(partner, body(part('bigger.pdf', Buffer.concat([at, Buffer.from(' ')]))));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'body.file', message: 'too large' }] });
  });

  it('refuses the roles that file no completion report with 403, before reading the body', async () => {
    const response = await upload(pm, body(part('plan.pdf', pdf('pm'))));
    expect(response.statusCode).toBe(403);
    expect(response.json().type).toBe('/problems/forbidden');
  });
});

describe('the organisation quota', () => {
  it('accepts an upload that fills the quota exactly and refuses the next byte with 422 policy-violation', async () => {
    // Per organisation: Fabrikam's uploads above (over 20 MiB) do not count against Tailspin's.
    const tailspin = await t.login('admin@tailspin.example');
    const content = pdf('quota');
    t.ctx.fileQuotaBytes = 2 * content.length;
    try {
      expect((await upload(tailspin, body(part('one.pdf', content)))).statusCode).toBe(201);
      expect((await upload(tailspin, body(part('two.pdf', content)))).statusCode).toBe(201);
      const before = await fileCount();
      const refused = await upload(tailspin, body(part('three.pdf', pdf('q'))));
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ type: '/problems/policy-violation' });
      expect(refused.json().detail).toContain('quota');
      expect(await fileCount()).toBe(before);
    } finally {
      t.ctx.fileQuotaBytes = undefined;
    }
  });
});

describe('the orphan-file job', () => {
  it('removes a file no completion report lists a day after its upload, and keeps an attached one', async () => {
    // An attached deliverable, uploaded through the voucher factory, and a lone upload.
    const voucher = await makeVoucher(t, { until: 'completed' });
    const attached = voucher.completionReport!.deliverableFileIds[0]!;
    const lone = (await upload(consultant, body(part('lone.pdf', pdf('lone'))))).json().id as string;
    const exists = async (id: string) => (await t.handle.db.select().from(files).where(eq(files.id, id))).length;

    // Just before a day: nothing of this test goes (the earlier uploads are as young).
    t.clock.advance(orphanAgeMs - 1);
    await removeOrphanFiles(t.ctx);
    expect(await exists(lone)).toBe(1);

    t.clock.advance(2);
    const removed = await removeOrphanFiles(t.ctx);
    expect(removed.files).toBeGreaterThanOrEqual(1);
    expect(await exists(lone)).toBe(0);
    expect(await exists(attached)).toBe(1);
    const [audit] = await t.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, lone), eq(auditEvents.action, 'file.removed-unattached')));
    expect(audit).toMatchObject({ actorId: null, before: { name: 'lone.pdf' } });
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${attached}/content`,
      headers: bearer(await t.login('consultant@fabrikam.example')), // a day on: a new session
    });
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('%PDF');

    // A second run (or another process at once) finds nothing more to do.
    expect(await removeOrphanFiles(t.ctx)).toEqual({ files: 0, strayChunks: 0, strayDiskFiles: 0 });
  });
});
