import { Badge, Divider, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../../../lib/countries';
import { Empty, QueryState } from '../../../lib/ui';
import { useEligibility, type OfferingEligibility, type Requirement } from './partner-api';
import { RequirementList } from './requirement-list';

function EligibleBadge({ requirements }: { requirements: Requirement[] }) {
  const { t } = useTranslation();
  const missing = requirements.filter((r) => !r.met).length;
  return missing === 0 ? (
    <Badge color="green" variant="light">
      {t('eligibility.eligible')}
    </Badge>
  ) : (
    <Badge color="red" variant="light">
      {t('eligibility.missingCount', { count: missing })}
    </Badge>
  );
}

/** The seed's "green check": per offering and engagement type, each requirement met or missing. */
export function EligibilityPanel({ partnerId, programId }: { partnerId: string; programId: string }) {
  const { t, i18n } = useTranslation();
  const [country, setCountry] = useState<string | null>(null);
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const eligibility = useEligibility(partnerId, programId, country);

  return (
    <Stack>
      <Text size="sm">{t('eligibility.intro')}</Text>
      <Select
        label={t('eligibility.deliveryCountry')}
        description={t('eligibility.deliveryCountryHint')}
        data={countries}
        value={country}
        onChange={setCountry}
        searchable
        clearable
        maw={360}
        nothingFoundMessage={t('common.nothingFound')}
      />
      <QueryState query={eligibility}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('eligibility.empty')}</Empty>
          ) : (
            <Stack>
              {page.items.map((offering) => (
                <OfferingCard key={offering.offeringCode} offering={offering} country={country} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

function OfferingCard({ offering, country }: { offering: OfferingEligibility; country: string | null }) {
  const { t } = useTranslation();
  const headingId = `offering-${offering.offeringCode}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={headingId}>
            {t('eligibility.offeringTitle', { code: offering.offeringCode, name: offering.offeringName })}
          </Title>
          <EligibleBadge requirements={offering.requirements} />
        </Group>
        <Text fw={600} size="sm">
          {t('eligibility.toEnrol')}
        </Text>
        <RequirementList requirements={offering.requirements} offeringCode={offering.offeringCode} country={country} />
        <Divider my={4} />
        <Text fw={600} size="sm">
          {t('eligibility.toReserve')}
        </Text>
        {offering.engagementTypes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('eligibility.noEngagementTypes')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {offering.engagementTypes.map((type) => (
              <Paper key={type.id} withBorder p="sm" bg="gray.0">
                <Stack gap="xs">
                  <Stack gap={4} align="flex-start">
                    <Title order={3} size="h6">
                      {type.name}{' '}
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {type.code}
                      </Text>
                    </Title>
                    <EligibleBadge requirements={type.requirements} />
                  </Stack>
                  <RequirementList
                    requirements={type.requirements}
                    offeringCode={offering.offeringCode}
                    country={country}
                  />
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
