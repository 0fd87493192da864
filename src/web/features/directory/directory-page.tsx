import { Anchor, Badge, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { directoryEntry } from '../../../http/schemas/partners.js';
import { countryOptions } from '../../lib/countries';
import { useFormat } from '../../lib/format';
import { PagedItems } from '../../lib/paged-list';
import { usePagedList } from '../../lib/ui';
import { useEngagementTypeIndex } from '../vouchers/catalog-names';
import { languageName, languageOptions } from './languages';

type DirectoryEntry = z.input<typeof directoryEntry>;

/** Customers find an enrolled partner by offering, country, language and free text (ranked). */
export function DirectoryPage() {
  const { t, i18n } = useTranslation();
  const types = useEngagementTypeIndex();
  const [q, setQ] = useState('');
  const [offering, setOffering] = useState<string | null>(null);
  const [country, setCountry] = useState<string | null>(null);
  const [language, setLanguage] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const list = usePagedList<DirectoryEntry>(
    ['partner-directory'],
    '/partner-directory',
    { q: debouncedQ, offering, country, language },
    10,
  );
  const offerings = useMemo(
    () =>
      [...new Set([...types.values()].map((type) => type.offeringCode))]
        .sort()
        .map((code) => ({ value: code, label: code })),
    [types],
  );
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const languages = useMemo(() => languageOptions(i18n.language), [i18n.language]);
  const filtered = !!(debouncedQ || offering || country || language);

  return (
    <Stack>
      <Title order={1}>{t('directory.title')}</Title>
      <Text size="sm">{t('directory.intro')}</Text>
      <Paper withBorder p="md">
        <form role="search" aria-label={t('directory.searchLabel')} onSubmit={(event) => event.preventDefault()}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <TextInput
              label={t('directory.q')}
              placeholder={t('directory.qPlaceholder')}
              type="search"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              maxLength={200}
            />
            <Select
              label={t('directory.offering')}
              placeholder={t('directory.any')}
              data={offerings}
              value={offering}
              onChange={setOffering}
              clearable
            />
            <Select
              label={t('directory.country')}
              placeholder={t('directory.any')}
              data={countries}
              value={country}
              onChange={setCountry}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
            <Select
              label={t('directory.language')}
              placeholder={t('directory.any')}
              data={languages}
              value={language}
              onChange={setLanguage}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
          </SimpleGrid>
        </form>
      </Paper>
      <PagedItems list={list} empty={filtered ? t('directory.emptyFiltered') : t('directory.empty')}>
        {(items) => (
          <Stack component="ul" aria-label={t('directory.results')} p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((entry) => (
              <li key={entry.organizationId}>
                <PartnerCard entry={entry} />
              </li>
            ))}
          </Stack>
        )}
      </PagedItems>
    </Stack>
  );
}

function PartnerCard({ entry }: { entry: DirectoryEntry }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`partner-${entry.organizationId}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id={`partner-${entry.organizationId}`}>
            {entry.name}
          </Title>
          <Group gap={4}>
            {entry.offerings.map((code) => (
              <Badge key={code} variant="light">
                {code}
              </Badge>
            ))}
          </Group>
        </Group>
        <Text size="sm">{entry.description}</Text>
        <Text size="sm" c="dimmed">
          {t('directory.countries', { list: entry.countries.map((c) => format.country(c)).join(', ') || '—' })}
          {' · '}
          {t('directory.languages', {
            list: entry.languages.map((l) => languageName(format.language, l)).join(', ') || '—',
          })}
        </Text>
        <Group gap="md">
          <Anchor href={`mailto:${entry.contactEmail}`} size="sm">
            {entry.contactEmail}
          </Anchor>
          {entry.website ? (
            <Anchor href={entry.website} target="_blank" rel="noopener noreferrer" size="sm">
              {entry.website}
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
