import { and, eq } from 'drizzle-orm';
import { programAgreementSignatures } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from '../programs/read-programs.js';
import { loadCurrentAgreementVersion } from './partner-facts.js';
import { loadVisiblePartner, requirePartnerRole } from './partner-access.js';
import { presentSignature, type SignatureView } from './present-partner.js';

/**
 * The partner's global admin signs the program agreement (seed step 2): version, signer, time
 * and IP are kept. Only the current version can be signed; signing it again changes nothing.
 */
export async function signProgramAgreement(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { programId: string; version: string; ip: string | null },
): Promise<{ signature: SignatureView; created: boolean }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const partner = await loadVisiblePartner(tx, actor, partnerId);
    requirePartnerRole(actor, partner, ['global_admin'], { operatorMay: false });
    await loadProgramRow(tx, input.programId);
    const current = await loadCurrentAgreementVersion(tx, input.programId);
    if (current !== input.version) {
      throw refusal(
        'policy-violation',
        current ? 'partner.notCurrentAgreement' : 'partner.noAgreementYet',
        { version: input.version, current: current ?? '' },
        {
          errors: [
            current
              ? fieldError('body.version', 'field.currentVersion', { current })
              : fieldError('body.version', 'field.noAgreement'),
          ],
        },
      );
    }
    const [existing] = await tx
      .select()
      .from(programAgreementSignatures)
      .where(
        and(
          eq(programAgreementSignatures.partnerId, partnerId),
          eq(programAgreementSignatures.programId, input.programId),
          eq(programAgreementSignatures.version, input.version),
        ),
      );
    if (existing) {
      return { signature: presentSignature(existing), created: false };
    }
    const [row] = await tx
      .insert(programAgreementSignatures)
      .values({
        partnerId,
        programId: input.programId,
        version: input.version,
        signerId: actor.userId,
        signedAt: now,
        ip: input.ip,
      })
      .returning();
    const signature = presentSignature(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: 'program-agreement.signed',
      entityType: 'program-agreement-signature',
      entityId: signature.id,
      before: null,
      after: signature,
    });
    return { signature, created: true };
  });
}
