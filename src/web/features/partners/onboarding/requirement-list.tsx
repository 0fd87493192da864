import { Group, List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Requirement } from './partner-api';

/** A green check mark for a met requirement, a red cross for a missing one. */
export function MetIcon({ met }: { met: boolean }) {
  const { t } = useTranslation();
  return (
    <ThemeIcon color={met ? 'green' : 'red'} size={22} radius="xl" variant={met ? 'filled' : 'light'}>
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {met ? (
          <path d="M3 8.5 6.5 12 13 4.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        ) : (
          <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        )}
      </svg>
      <VisuallyHidden>{met ? t('eligibility.met') : t('eligibility.missing')}</VisuallyHidden>
    </ThemeIcon>
  );
}

/**
 * Each requirement with its check, named in the user's language from its key; what is missing
 * is the server's own words (they name the competencies, the country, the date), in the
 * language the app asked for with Accept-Language (issue 12, M7).
 */
export function RequirementList({
  requirements,
  offeringCode,
  country,
}: {
  requirements: Requirement[];
  offeringCode: string;
  country?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <List spacing={6} listStyleType="none" p={0} m={0}>
      {requirements.map((requirement) => (
        <List.Item key={requirement.key} data-met={requirement.met ? 'true' : 'false'}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <MetIcon met={requirement.met} />
            <div>
              <Text size="sm">
                {t(`eligibility.requirements.${requirement.key}`, { offering: offeringCode, country: country ?? '' })}
              </Text>
              {!requirement.met && requirement.missing ? (
                <Text size="sm" c="red.9">
                  {t('eligibility.whatIsMissing')} <span>{requirement.missing}</span>
                </Text>
              ) : null}
            </div>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}
