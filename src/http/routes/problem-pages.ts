import type { FastifyInstance } from 'fastify';
import { problemCodes, type ProblemCode } from '../../domain/errors.js';
import { problemType } from '../problems.js';
import { problemBody, sendProblem } from '../errors.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · SAPS</title>` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1b1e}code{background:#f1f3f5;padding:0 .25rem}</style>' +
    `</head><body>${body}</body></html>`
  );
}

/** `GET /problems/<slug>` explains each problem type at the URL its `type` names (RFC 9457). */
export function problemPages(app: FastifyInstance): void {
  app.get('/problems', { schema: { hide: true } }, async (_request, reply) => {
    const items = problemCodes
      .map(
        (code) =>
          `<li><a href="/problems/${code}"><code>${code}</code></a> (${problemType(code).status}): ${escapeHtml(problemType(code).title)}</li>`,
      )
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(page('Problem types', `<h1>SAPS problem types</h1><ul>${items}</ul>`));
  });

  app.get<{ Params: { slug: string } }>('/problems/:slug', { schema: { hide: true } }, async (request, reply) => {
    const slug = request.params.slug;
    if (!(problemCodes as readonly string[]).includes(slug)) {
      return sendProblem(reply, problemBody('not-found', `there is no problem type ${slug}`));
    }
    const type = problemType(slug as ProblemCode);
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    if (wantsJson) {
      return { slug, status: type.status, title: type.title, description: type.description };
    }
    return reply
      .type('text/html; charset=utf-8')
      .send(
        page(
          type.title,
          `<p><a href="/problems">All problem types</a></p><h1>${escapeHtml(type.title)}</h1>` +
            `<p>Type <code>/problems/${slug}</code>, HTTP status <strong>${type.status}</strong>.</p><p>${escapeHtml(type.description)}</p>`,
        ),
      );
  });
}
