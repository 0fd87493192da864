import { apiKeyTokenPrefix } from '../../app/api-keys/create-api-key.js';
import { authenticateApiKey } from '../../app/api-keys/authenticate-api-key.js';
import { takeApiKeyRequest } from '../../app/api-keys/api-key-rate-limit.js';
import type { Actor, AppContext } from '../../app/context.js';
import { refusal } from '../../domain/errors.js';

export function isApiKeyToken(token: string): boolean {
  return token.startsWith(apiKeyTokenPrefix);
}

/** A `saps_…` bearer token: the key's actor, or 401; 429 past the key's requests per minute. */
export async function authenticateApiKeyRequest(ctx: AppContext, token: string): Promise<Actor> {
  const actor = await authenticateApiKey(ctx, token);
  if (!actor) {
    throw refusal('unauthenticated', 'auth.badApiKey');
  }
  const retryAfterSeconds = takeApiKeyRequest(actor.apiKeyId!, ctx.realClock.now().getTime());
  if (retryAfterSeconds > 0) {
    throw refusal('rate-limited', 'limit.apiKey', { seconds: retryAfterSeconds }, { retryAfterSeconds });
  }
  return actor;
}
