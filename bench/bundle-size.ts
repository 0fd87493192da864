import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
  budgetBytes: number;
}

/** Issue 5: the sign-in page's first load stays within 250 KB of gzipped JavaScript. */
export const firstLoadBudgetBytes = 250 * 1024;

/**
 * Measures, without building anything, the gzipped JavaScript the sign-in page loads first:
 * index.html's module script and every modulepreload link, from `dist/web` (`npm run build`).
 */
export function measureFirstLoad(webDir = resolve(import.meta.dirname, '..', 'dist', 'web')): BundleSize {
  const indexPath = join(webDir, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(`${indexPath} is missing: run npm run build first`);
  }
  const html = readFileSync(indexPath, 'utf8');
  const paths = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) {
    paths.add(match[1]!);
  }
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) {
    paths.add(match[1]!);
  }
  const files = [...paths].map((path) => {
    const content = readFileSync(join(webDir, path.replace(/^\//, '')));
    return { path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return {
    files,
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    budgetBytes: firstLoadBudgetBytes,
  };
}

export function reportBundleSize(): BundleSize {
  const size = measureFirstLoad();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('Web app: first load of the sign-in page (gzipped JavaScript, from dist/web)');
  for (const file of [...size.files].sort((a, b) => b.gzipBytes - a.gzipBytes)) {
    console.log(`  ${file.path.padEnd(48)} ${kb(file.gzipBytes).padStart(9)}  (${kb(file.bytes)} raw)`);
  }
  const verdict = size.gzipBytes <= size.budgetBytes ? 'within' : 'OVER';
  console.log(`  total ${kb(size.gzipBytes)}, ${verdict} the budget of ${kb(size.budgetBytes)}`);
  console.log(
    '  command: npm run build && node --import tsx -e "import(\'./bench/bundle-size.ts\').then(m => m.reportBundleSize())"',
  );
  return size;
}
