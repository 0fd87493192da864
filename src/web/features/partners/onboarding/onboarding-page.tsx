import { Group, Select, Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../../lib/session';
import { Empty, QueryState } from '../../../lib/ui';
import { AgreementPanel } from './agreement-panel';
import { BusinessProfilePanel } from './business-profile-panel';
import { CompetenciesPanel } from './competencies-panel';
import { ConsultantsPanel } from './consultants-panel';
import { EligibilityPanel } from './eligibility-panel';
import { LocationsPanel } from './locations-panel';
import { usePrograms } from './partner-api';
import { PaymentRegistrationPanel } from './payment-registration-panel';

export const onboardingTabs = [
  'eligibility',
  'agreement',
  'locations',
  'consultants',
  'profile',
  'competencies',
  'payments',
] as const;
type OnboardingTab = (typeof onboardingTabs)[number];

function isTab(value: string | null | undefined): value is OnboardingTab {
  return onboardingTabs.some((tab) => tab === value);
}

/**
 * Seed steps 1–3 for a partner: eligibility (the green checks), the program agreement and
 * enrolment, locations, consultants and their exams, the business profile, competencies and
 * payment registration. Each tab has its own address (`/partner/onboarding/<tab>`).
 */
export function OnboardingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { tab } = useParams();
  const active: OnboardingTab = isTab(tab) ? tab : 'eligibility';
  const programs = usePrograms();
  const [chosenProgram, setChosenProgram] = useState<string | null>(null);
  const partnerId = me.data?.organizationId ?? '';

  return (
    <Stack>
      <Title order={1}>{t('onboarding.title')}</Title>
      <QueryState query={programs}>
        {(page) => {
          const programId = chosenProgram ?? page.items[0]?.id ?? null;
          if (!programId) {
            return <Empty>{t('paymentRegistration.noPrograms')}</Empty>;
          }
          return (
            <Stack>
              {page.items.length > 1 ? (
                <Group>
                  <Select
                    label={t('onboarding.program')}
                    data={page.items.map((p) => ({ value: p.id, label: p.name }))}
                    value={programId}
                    onChange={setChosenProgram}
                    allowDeselect={false}
                    w={360}
                  />
                </Group>
              ) : null}
              <Tabs
                value={active}
                onChange={(value) => {
                  if (isTab(value)) {
                    void navigate(`/partner/onboarding/${value}`, { replace: true });
                  }
                }}
                keepMounted={false}
              >
                <Tabs.List aria-label={t('onboarding.sections')}>
                  {onboardingTabs.map((value) => (
                    <Tabs.Tab key={value} value={value}>
                      {t(`onboarding.tabs.${value}`)}
                    </Tabs.Tab>
                  ))}
                </Tabs.List>
                <Tabs.Panel value="eligibility" pt="md">
                  <EligibilityPanel partnerId={partnerId} programId={programId} />
                </Tabs.Panel>
                <Tabs.Panel value="agreement" pt="md">
                  <AgreementPanel partnerId={partnerId} programId={programId} />
                </Tabs.Panel>
                <Tabs.Panel value="locations" pt="md">
                  <LocationsPanel partnerId={partnerId} />
                </Tabs.Panel>
                <Tabs.Panel value="consultants" pt="md">
                  <ConsultantsPanel partnerId={partnerId} />
                </Tabs.Panel>
                <Tabs.Panel value="profile" pt="md">
                  <BusinessProfilePanel partnerId={partnerId} programId={programId} />
                </Tabs.Panel>
                <Tabs.Panel value="competencies" pt="md">
                  <CompetenciesPanel partnerId={partnerId} manage={false} />
                </Tabs.Panel>
                <Tabs.Panel value="payments" pt="md">
                  <PaymentRegistrationPanel partnerId={partnerId} />
                </Tabs.Panel>
              </Tabs>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
