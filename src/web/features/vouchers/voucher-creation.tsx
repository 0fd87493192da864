import { Alert, Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { localDay, useMainProgram } from '../../lib/program';
import { hasRole, useMe } from '../../lib/session';
import { useClock } from '../../shell/clock-banner';

/**
 * Whether vouchers can still be created and assigned today: "until lastVoucherDate", inclusive,
 * in the program's time zone (domain.md, "Time rules"; refused from 00:00 the day after).
 */
export function useVoucherCreation(programId?: string) {
  const clock = useClock();
  const program = useMainProgram(programId);
  if (!program || !clock.data) {
    return { known: false, open: false, lastDay: undefined };
  }
  const today = localDay(clock.data.now, program.timeZone);
  const lastDay = program.calendar.lastVoucherDate;
  return { known: true, open: today <= lastDay, lastDay, today };
}

/**
 * "Create a voucher" for benefit admins while the program allows it; from the day after the last
 * voucher day, the rule and its date instead (issue 12, M5).
 */
export function CreateVoucherAction({ agreementId, programId }: { agreementId?: string; programId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const creation = useVoucherCreation(programId);
  if (!hasRole(me.data, 'benefit_admin') || !creation.known) {
    return null;
  }
  if (!creation.open) {
    return (
      <Text size="sm" c="dimmed" maw={420}>
        {t('vouchers.creationClosed', { date: format.date(creation.lastDay) })}
      </Text>
    );
  }
  return (
    <Button component={Link} to={agreementId ? `/vouchers/new?agreementId=${agreementId}` : '/vouchers/new'}>
      {t('vouchers.create')}
    </Button>
  );
}

export function CreationClosedAlert({ lastDay }: { lastDay: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Alert color="orange" variant="light" title={t('vouchers.creationClosedTitle')} role="status">
      {t('vouchers.creationClosed', { date: format.date(lastDay) })}
    </Alert>
  );
}
