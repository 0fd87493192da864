import { defineConfig } from 'drizzle-kit';

// Generation only: drizzle-kit never connects to a live data directory (architecture.md,
// PGlite guard rails). Migrations are applied in-process by `saps migrate` / on start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
});
