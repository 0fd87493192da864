import { eq } from 'drizzle-orm';
import { openDatabase } from '../src/db/connection.js';
import { vouchers } from '../src/db/schema/index.js';
import { loadVoucher } from '../src/app/vouchers/voucher-store.js';
const handle = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/postgres', poolSize: 1 });
const db: any = handle.db;
db.session.prepareQuery = () => { throw new Error('stop'); };
const id = '00000000-0000-0000-0000-000000000000';
async function time(name: string, f: () => Promise<unknown>) {
  const n = 3000;
  for (let i = 0; i < 300; i++) { try { await f(); } catch {} }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { try { await f(); } catch {} }
  console.log(`${name}: ${(((performance.now() - t0) / n) * 1000).toFixed(0)} µs`);
}
await time('throw only', async () => { throw new Error('x'); });
await time('simple select', () => db.select().from(vouchers).where(eq(vouchers.id, id)));
await time('loadVoucher', () => loadVoucher(db, id, {}));
await time('loadVoucher lock', () => loadVoucher(db, id, { lock: true }));
await handle.close();
