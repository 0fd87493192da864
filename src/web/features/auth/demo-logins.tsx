import { Alert, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../lib/types';
import { useClock } from '../../shell/clock-banner';

/** The demo logins (src/app/seed/seed-demo.ts, README "Quick start"), all with the demo password. */
const demoLogins: { email: string; roles: Role[] }[] = [
  { email: 'operator@saps.example', roles: ['operator_admin'] },
  { email: 'finance@saps.example', roles: ['finance'] },
  { email: 'benefits@northwind.example', roles: ['benefit_admin'] },
  { email: 'pm@northwind.example', roles: ['project_manager'] },
  { email: 'admin@fabrikam.example', roles: ['global_admin', 'partner_admin'] },
  { email: 'consultant@fabrikam.example', roles: ['consultant'] },
  { email: 'admin@tailspin.example', roles: ['global_admin', 'partner_admin'] },
];
export const demoPassword = 'demo-password';

/** In demo mode only (`GET /clock` says `demo`), the logins to try, each a click away. */
export function DemoLogins({ onPick }: { onPick: (email: string) => void }) {
  const { t } = useTranslation();
  const clock = useClock();
  if (!clock.data?.demo) {
    return null;
  }
  return (
    <Alert color="blue" variant="light" title={t('demo.title')}>
      <Text size="sm" mb="xs">
        {t('demo.intro', { password: demoPassword })}
      </Text>
      <Table fz="sm" verticalSpacing={2}>
        <Table.Tbody>
          {demoLogins.map((login) => (
            <Table.Tr key={login.email}>
              <Table.Td>
                <UnstyledButton
                  onClick={() => onPick(login.email)}
                  style={{ textDecoration: 'underline' }}
                  fz="sm"
                  aria-label={t('demo.use', { email: login.email })}
                >
                  {login.email}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>{login.roles.map((role) => t(`roles.${role}`)).join(', ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
