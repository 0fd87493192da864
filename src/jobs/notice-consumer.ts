import { notifyChange } from '../app/notifications/notify-change.js';
import type { NoticeLinks } from '../app/notifications/deliver-notice.js';
import type { EventConsumer } from './event-fan-out.js';

/**
 * Notices of every change (issue 10): each committed domain event becomes in-app
 * notifications and outbox e-mails for the people api.md names, in the fan-out's transaction,
 * so a notice exists if and only if its change committed, and is written once.
 */
export function noticeConsumer(links: NoticeLinks): EventConsumer {
  return {
    name: 'notices',
    async consume(tx, event) {
      await notifyChange(tx, event, links);
    },
  };
}
