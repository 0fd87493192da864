import { Button, Group, MultiSelect, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fieldErrors, unplacedErrors } from '../../../lib/api';
import { countryOptions } from '../../../lib/countries';
import { useFormat } from '../../../lib/format';
import { languageOptions } from '../../directory/languages';
import { hasRole, useMe } from '../../../lib/session';
import { notifySuccess, ProblemAlert, QueryState } from '../../../lib/ui';
import { partnerKey, useEligibility, type BusinessProfile, type BusinessProfileRequest } from './partner-api';

/** The profile customers find in the partner directory; a partner without one is not listed. */
export function BusinessProfilePanel({ partnerId, programId }: { partnerId: string; programId: string }) {
  const profile = useQuery({
    queryKey: partnerKey(partnerId, 'profile'),
    // No profile yet is a 404: the form starts empty.
    queryFn: async () => {
      try {
        return await api.get<BusinessProfile>(`/partners/${partnerId}/profile`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });
  return (
    <QueryState query={profile}>
      {(current) => (
        <ProfileForm key={current?.updatedAt ?? 'new'} partnerId={partnerId} programId={programId} current={current} />
      )}
    </QueryState>
  );
}

function ProfileForm({
  partnerId,
  programId,
  current,
}: {
  partnerId: string;
  programId: string;
  current: BusinessProfile | null;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const eligibility = useEligibility(partnerId, programId);
  const canEdit = hasRole(me.data, 'global_admin', 'partner_admin') && me.data?.organizationId === partnerId;
  const [description, setDescription] = useState(current?.description ?? '');
  const [countries, setCountries] = useState<string[]>(current?.countries ?? []);
  const [languages, setLanguages] = useState<string[]>(current?.languages ?? []);
  const [offerings, setOfferings] = useState<string[]>(current?.offerings ?? []);
  const [contactEmail, setContactEmail] = useState(current?.contactEmail ?? '');
  const [website, setWebsite] = useState(current?.website ?? '');

  const countryData = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const languageData = useMemo(() => languageOptions(i18n.language), [i18n.language]);
  const offeringData = useMemo(() => {
    const codes = new Map<string, string>();
    for (const offering of eligibility.data?.items ?? []) {
      codes.set(offering.offeringCode, `${offering.offeringCode} · ${offering.offeringName}`);
    }
    for (const code of offerings) {
      if (!codes.has(code)) {
        codes.set(code, code);
      }
    }
    return [...codes].map(([value, label]) => ({ value, label }));
  }, [eligibility.data, offerings]);

  const save = useMutation({
    mutationFn: () => {
      const body: BusinessProfileRequest = {
        description,
        countries,
        languages,
        offerings,
        contactEmail,
        website: website.trim() === '' ? null : website.trim(),
      };
      return api.put<BusinessProfile>(`/partners/${partnerId}/profile`, body);
    },
    onSuccess: async (saved) => {
      notifySuccess(t('businessProfile.saved'));
      client.setQueryData(partnerKey(partnerId, 'profile'), saved);
      await client.invalidateQueries({ queryKey: ['partner-directory'] });
    },
  });
  const errors = fieldErrors(save.error);
  const shown = ['description', 'countries', 'languages', 'offerings', 'contactEmail', 'website'];
  const rest = unplacedErrors(save.error, shown);
  // `countries.0` and the like belong to their list's field.
  const listError = (field: string) =>
    errors[field] ?? Object.entries(errors).find(([path]) => path.startsWith(`${field}.`))?.[1];

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{current ? t('businessProfile.intro') : t('businessProfile.none')}</Text>
          {current ? (
            <Text size="sm" c="dimmed">
              {t('businessProfile.updatedAt', { date: format.dateTime(current.updatedAt) })}
            </Text>
          ) : null}
          <Textarea
            label={t('businessProfile.description')}
            description={t('businessProfile.descriptionHint')}
            required
            autosize
            minRows={4}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
            readOnly={!canEdit}
          />
          <MultiSelect
            label={t('businessProfile.offerings')}
            data={offeringData}
            value={offerings}
            onChange={setOfferings}
            searchable
            error={listError('offerings')}
            readOnly={!canEdit}
            nothingFoundMessage={t('common.nothingFound')}
          />
          <MultiSelect
            label={t('businessProfile.countries')}
            data={countryData}
            value={countries}
            onChange={setCountries}
            searchable
            error={listError('countries')}
            readOnly={!canEdit}
            nothingFoundMessage={t('common.nothingFound')}
          />
          <MultiSelect
            label={t('businessProfile.languages')}
            data={languageData}
            value={languages}
            onChange={setLanguages}
            searchable
            error={listError('languages')}
            readOnly={!canEdit}
            nothingFoundMessage={t('common.nothingFound')}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('businessProfile.contactEmail')}
              type="email"
              required
              value={contactEmail}
              onChange={(e) => setContactEmail(e.currentTarget.value)}
              error={errors.contactEmail}
              readOnly={!canEdit}
            />
            <TextInput
              label={t('businessProfile.website')}
              type="url"
              placeholder={t('businessProfile.websitePlaceholder')}
              value={website}
              onChange={(e) => setWebsite(e.currentTarget.value)}
              error={errors.website}
              readOnly={!canEdit}
            />
          </Group>
          {save.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={save.error} />
          ) : null}
          {canEdit ? (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('businessProfile.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
