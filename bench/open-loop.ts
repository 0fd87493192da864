import { type Fixture, type Request, lifecycle, startServer, transitions, type Transition } from './lifecycle-http.js';
import { percentile } from './support.js';

/**
 * The open loop (issue 8): lifecycles started at a fixed rate whatever the server's speed, so
 * that queueing shows in the latencies (a closed loop hides it). 100 transitions/s = one
 * 4-transition lifecycle every 40 ms, for 30 s, the customers taken in turn.
 */
export async function runOpenLoop(
  url: string,
  fixture: Fixture,
  pool: number,
  options: { rate?: number; seconds?: number } = {},
): Promise<{ p50: number; p99: number; count: number; failed: number }> {
  const rate = options.rate ?? 100;
  const seconds = options.seconds ?? 30;
  const server = await startServer(url, pool);
  const latencies: number[] = [];
  let failed = 0;
  const send = async (transition: Transition, request: Request) => {
    const started = performance.now();
    const response = await fetch(`${server.address}${request.url}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${request.token}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    latencies.push(performance.now() - started);
    if (response.status >= 300) {
      throw new Error(`${transition} failed: ${response.status} ${text}`);
    }
    return JSON.parse(text) as { id: string; code: string };
  };
  try {
    const lifecycles = Math.round((rate / transitions.length) * seconds);
    const interval = (1000 * transitions.length) / rate;
    const started = performance.now();
    const running: Promise<void>[] = [];
    for (let i = 0; i < lifecycles; i += 1) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      running.push(
        lifecycle(fixture, fixture.clients[i % fixture.clients.length]!, send).catch(() => {
          failed += 1;
        }),
      );
    }
    await Promise.all(running);
  } finally {
    await server.stop();
  }
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length, failed };
}
