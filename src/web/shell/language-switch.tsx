import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage, type Language } from '../lib/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('shell.language')}
      value={i18n.language}
      onChange={(value) => void setLanguage(value as Language)}
      data={languages.map((l) => ({ value: l.code, label: <span lang={l.code}>{l.label}</span> }))}
    />
  );
}
