#!/usr/bin/env node
// `npm start` runs this first: it builds the web app (dist/web) only when it is missing, so a
// fresh clone serves the UI and restarts stay fast. `npm run build` always rebuilds it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'dist', 'web', 'index.html'))) {
  process.exit(0);
}
const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!existsSync(viteBin)) {
  console.warn('The web app is not built and Vite is not installed (npm install without --omit=dev builds it).');
  console.warn('Starting with the API only.');
  process.exit(0);
}
console.warn('Building the web app (first start only)…');
const result = spawnSync(
  process.execPath,
  [viteBin, 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
