/**
 * The language of an answer (issue 12, M7; api.md v1 additions: "`Accept-Language: fr` (or the
 * user's saved language)"). `Accept-Language` wins when it names a language SAPS speaks: it is
 * what this request asks for, and the web app sends its current UI language with every call.
 * Without one (an API client, a `*`), the signed-in user's saved preference; else English.
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { getPreferences } from '../app/notifications/preferences.js';
import { isLanguage, languages, type Language } from '../domain/notice-format.js';

/** The best supported language of an `Accept-Language` header (RFC 9110 §12.5.4), if any. */
export function acceptedLanguage(header: string | string[] | undefined): Language | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) {
    return undefined;
  }
  const ranges = text
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...options] = part.trim().split(';');
      const q = options.map((o) => /^\s*q=([0-9.]+)\s*$/.exec(o)).find(Boolean);
      return { primary: tag.trim().toLowerCase().split('-')[0]!, q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((r) => r.primary).find(isLanguage);
}

const resolved = new WeakMap<FastifyRequest, Language>();

/** The language of this request's answer; the saved preference is read once, and only if needed. */
export async function requestLanguage(request: FastifyRequest, ctx: AppContext | undefined): Promise<Language> {
  const known = resolved.get(request);
  if (known) {
    return known;
  }
  let language = acceptedLanguage(request.headers['accept-language']);
  const actor = request.actor;
  if (!language && actor && !actor.apiKeyId && ctx) {
    try {
      language = (await getPreferences(ctx, actor)).language;
    } catch (error) {
      // A refusal is still answered, in English, if the preference cannot be read.
      request.log.warn({ err: error }, 'could not read the language preference');
    }
  }
  const answer = language ?? languages[0];
  resolved.set(request, answer);
  return answer;
}
