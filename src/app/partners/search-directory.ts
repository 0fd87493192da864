import { and, asc, desc, eq, exists, gt, sql, type SQL } from 'drizzle-orm';
import { enrollments, organizations, partnerProfiles } from '../../db/schema/index.js';
import type { Actor, AppContext } from '../context.js';
import { decodeOffsetCursor, encodeOffsetCursor, type Page } from '../pagination.js';

export interface DirectoryQuery {
  offering?: string | undefined;
  country?: string | undefined;
  language?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface DirectoryEntry {
  organizationId: string;
  name: string;
  description: string;
  countries: string[];
  languages: string[];
  offerings: string[];
  contactEmail: string;
  website: string | null;
}

// The cursor is an opaque offset into the ordered result. Results ranked by text relevance
// have no stable key to continue after (the rank is a float of the query), so an offset is the
// honest cursor here; a partner that joins or leaves between two pages may shift one entry.
// The directory is small (one row per enrolled partner), so the offset costs nothing.

/**
 * The partner directory (seed step 3): enrolled partners with a business profile, found by
 * offering, country, language and free text. Free text uses PostgreSQL full-text search (the
 * same on PGlite): the organisation name (weight A) and the description (weight B) against
 * `websearch_to_tsquery`, ranked by `ts_rank`, then by name. Any signed-in user may search.
 */
export async function searchDirectory(
  ctx: AppContext,
  _actor: Actor,
  query: DirectoryQuery,
): Promise<Page<DirectoryEntry>> {
  const now = ctx.clock.now();
  const offset = decodeOffsetCursor(query.cursor);
  const text = query.q?.trim() ? query.q.trim() : undefined;
  const document = sql`(setweight(to_tsvector('simple', ${organizations.name}), 'A') || setweight(to_tsvector('simple', ${partnerProfiles.description}), 'B'))`;
  const tsQuery = text ? sql`websearch_to_tsquery('simple', ${text})` : undefined;
  const rank: SQL<number> = tsQuery ? sql<number>`ts_rank(${document}, ${tsQuery})` : sql<number>`0::real`;
  const byName = [asc(organizations.name), asc(organizations.id)];

  // Listed only while enrolled (in the searched offering, when one is given).
  const liveEnrollment = exists(
    ctx.db
      .select({ one: sql`1` })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.partnerId, partnerProfiles.partnerId),
          gt(enrollments.validUntil, now),
          query.offering ? eq(enrollments.offeringCode, query.offering) : undefined,
        ),
      ),
  );
  const rows = await ctx.db
    .select({
      organizationId: organizations.id,
      name: organizations.name,
      description: partnerProfiles.description,
      countries: partnerProfiles.countries,
      languages: partnerProfiles.languages,
      offerings: partnerProfiles.offerings,
      contactEmail: partnerProfiles.contactEmail,
      website: partnerProfiles.website,
      rank,
    })
    .from(partnerProfiles)
    .innerJoin(organizations, eq(organizations.id, partnerProfiles.partnerId))
    .where(
      and(
        liveEnrollment,
        query.offering ? sql`${query.offering} = any(${partnerProfiles.offerings})` : undefined,
        query.country ? sql`${query.country} = any(${partnerProfiles.countries})` : undefined,
        query.language ? sql`${query.language} = any(${partnerProfiles.languages})` : undefined,
        tsQuery ? sql`${document} @@ ${tsQuery}` : undefined,
      ),
    )
    .orderBy(...(tsQuery ? [desc(rank), ...byName] : byName))
    .limit(query.limit + 1)
    .offset(offset);
  const hasMore = rows.length > query.limit;
  return {
    items: rows.slice(0, query.limit).map(({ rank: _rank, ...entry }) => entry),
    nextCursor: hasMore ? encodeOffsetCursor(offset + query.limit) : null,
  };
}
