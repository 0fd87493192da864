import { sealAuditEvents } from '../app/operations/seal-audit.js';
import { verifyAuditChain } from '../app/operations/verify-audit.js';
import type { Command } from './commands.js';
import { openRuntime } from './runtime.js';

export const auditVerify: Command = {
  summary: 'verify the tamper-evident audit chain; names the first record that does not match',
  help: `Usage: saps audit verify [--seal]

Walks the audit chain in seal order and recomputes each hash from the record as stored now
(decision 021). Prints "intact" with the number of sealed records, or the first record that was
changed or deleted after it was sealed, and how many records are not sealed yet (the server
seals them every 10 seconds). With --seal, seals the pending records first. Exit code 1 when
the chain is broken. With the embedded database, stop the server first.`,
  options: { seal: { type: 'boolean' } },
  async run(config, values) {
    const runtime = await openRuntime(config);
    try {
      if (values.seal) {
        const { sealed } = await sealAuditEvents(runtime.ctx);
        process.stdout.write(`Sealed ${sealed} pending record(s).\n`);
      }
      const state = await verifyAuditChain(runtime.ctx);
      const lines = [
        `Audit chain: ${state.status}.`,
        `  ${state.sealed} record(s) verified` +
          (state.head ? `, head seal ${state.head.seq} (record ${state.head.auditEventId}, ${state.head.hash})` : ''),
        `  ${state.unsealed} record(s) not sealed yet`,
      ];
      if (state.firstBreak) {
        lines.push(`  first break: ${state.firstBreak.detail}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      return state.status === 'intact' ? 0 : 1;
    } finally {
      await runtime.close();
    }
  },
};
