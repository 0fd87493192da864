import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** `dist/web`, the Vite build of `src/web` (the same path from `src/http/plugins` and `dist/http/plugins`). */
export const webRoot = resolve(import.meta.dirname, '..', '..', '..', 'dist', 'web');

export function webAppBuilt(root = webRoot): boolean {
  return existsSync(join(root, 'index.html'));
}

// Paths that belong to the API and the server's own pages: never answered with the web app.
const serverPaths = /^\/(api(\/|$)|docs(\/|$)|problems(\/|$))/;

/**
 * Serves the web app from the same process: hashed assets under `/assets/` cached for a year,
 * `index.html` never cached, and the SPA fallback (any other GET that accepts HTML gets
 * `index.html`, so deep links work). Compressed. Does nothing when the app is not built.
 */
export async function webApp(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? webRoot;
  if (!webAppBuilt(root)) {
    app.log.warn({ root }, 'the web app is not built (run npm run build); serving the API only');
    return;
  }
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    // File names carry their content hash: they never change.
    maxAge: '365d',
    immutable: true,
    index: false,
    wildcard: true,
  });

  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });

  app.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (serverPaths.test(path) || path.startsWith('/assets/')) {
      return reply.callNotFound();
    }
    // Files at the root of the build (favicon.svg, …), never outside it.
    const file = decodeURIComponent(path).replace(/^\/+/, '');
    if (file && !file.includes('..') && file !== 'index.html') {
      const full = join(root, file);
      if (full.startsWith(root) && existsSync(full) && statSync(full).isFile()) {
        return reply.header('cache-control', 'public, max-age=3600').sendFile(file, root, { cacheControl: false });
      }
    }
    const accept = request.headers.accept ?? '';
    if (path === '/' || path === '/index.html' || accept.includes('text/html')) {
      return sendIndex(reply);
    }
    return reply.callNotFound();
  });
}
