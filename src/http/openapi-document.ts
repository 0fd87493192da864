import { pino } from 'pino';
import { systemClock } from '../app/clock.js';
import type { AppContext } from '../app/context.js';
import type { Database } from '../db/connection.js';
import { buildApp } from './app.js';

/** Builds the app without a database (routes are only registered, never called). */
export async function generateOpenApiDocument(): Promise<unknown> {
  const ctx: AppContext = {
    db: new Proxy({} as Database, {
      get() {
        throw new Error('no database while generating the OpenAPI document');
      },
    }),
    clock: systemClock,
    realClock: systemClock,
    log: pino({ level: 'silent' }),
    dataDir: '.',
  };
  const app = await buildApp({ ctx, logger: false, publicUrl: 'http://localhost' });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
