/**
 * Requests per key and minute (api.md: keys are rate-limited). Counted in this process's
 * memory, a fixed window per key: a limit that protects the service, not a rule of the program,
 * so several instances may together allow a few times as much (decision 022). Kept in memory so
 * an authenticated request stays one SQL statement.
 */
export const apiKeyRequestsPerMinute = 600;

const windows = new Map<string, { startedAt: number; count: number }>();

/** Seconds until the key may call again, or 0 when this request is allowed (and counted). */
export function takeApiKeyRequest(keyId: string, nowMs: number, limit = apiKeyRequestsPerMinute): number {
  const window = windows.get(keyId);
  if (!window || nowMs - window.startedAt >= 60_000) {
    if (windows.size > 10_000) {
      windows.clear();
    }
    windows.set(keyId, { startedAt: nowMs, count: 1 });
    return 0;
  }
  if (window.count >= limit) {
    return Math.max(1, Math.ceil((window.startedAt + 60_000 - nowMs) / 1000));
  }
  window.count += 1;
  return 0;
}
