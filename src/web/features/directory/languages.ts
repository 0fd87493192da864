// ISO 639-1 codes of the languages a partner is likely to deliver in; names come from
// Intl.DisplayNames in the user's language.
const codes = 'ar cs da de el en es fi fr he hi hu id it ja ko nb nl pl pt ro ru sk sv th tr uk vi zh'.split(' ');

const locales: Record<string, string> = { en: 'en-GB', fr: 'fr-FR' };

export function languageName(language: string, code: string): string {
  try {
    return new Intl.DisplayNames([locales[language] ?? language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageOptions(language: string): { value: string; label: string }[] {
  return codes
    .map((code) => ({ value: code, label: languageName(language, code) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}
