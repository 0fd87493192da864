import { describe, expect, it } from 'vitest';
import { takeApiKeyRequest } from './api-key-rate-limit.js';

describe('API key rate limit', () => {
  it('allows the limit within a minute, refuses the next with the seconds left, and opens a new window after 60 s', () => {
    const start = 1_000_000;
    for (let i = 0; i < 3; i += 1) {
      expect(takeApiKeyRequest('key-a', start + i, 3)).toBe(0);
    }
    expect(takeApiKeyRequest('key-a', start + 10_000, 3)).toBe(50);
    expect(takeApiKeyRequest('key-a', start + 59_999, 3)).toBe(1);
    expect(takeApiKeyRequest('key-b', start + 10_000, 3)).toBe(0);
    expect(takeApiKeyRequest('key-a', start + 60_000, 3)).toBe(0);
  });
});
