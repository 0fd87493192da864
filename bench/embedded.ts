import { fork } from 'node:child_process';
import { runLoad, transitions, type Fixture } from './lifecycle-http.js';
import { envPrefix, ms, percentile } from './support.js';

/** The embedded engine through HTTP: the same lifecycle, closed loop, on PGlite. */
export async function benchEmbedded(options: { vouchers: number; clients: number }): Promise<number> {
  console.log(
    `\n== embedded engine (PGlite) through HTTP: ${options.vouchers} lifecycles, ${options.clients} clients ==`,
  );
  const child = fork(new URL('./embedded-server.ts', import.meta.url).pathname, [], {
    env: { ...process.env, BENCH_CLIENTS: String(options.clients) },
    // BENCH_SERVER_PROF=DIR writes a V8 CPU profile of the embedded server.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SERVER_PROF] : []),
    ],
  });
  const { address, fixture } = await new Promise<{ address: string; fixture: Fixture }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { address: string; fixture: Fixture }));
    child.once('exit', (code) => reject(new Error(`the embedded server exited with ${code}`)));
  });
  try {
    await runLoad(address, fixture, options.clients, options.clients); // warm-up
    const load = await runLoad(address, fixture, options.vouchers, options.clients);
    const all = transitions.flatMap((t) => load.latencies[t]).sort((a, b) => a - b);
    const rate = all.length / load.seconds;
    console.log(`embedded: ${rate.toFixed(0)} transitions/s (target ≥ 300: ${rate >= 300 ? 'met' : 'MISSED'})`);
    console.log(`  p50 ${ms(percentile(all, 50))}, p99 ${ms(percentile(all, 99))}`);
    console.log(
      `command: ${envPrefix({ BENCH_EMBEDDED_VOUCHERS: options.vouchers, BENCH_EMBEDDED_CLIENTS: options.clients })}node --import tsx bench/run.ts embedded`,
    );
    return rate;
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    });
  }
}
