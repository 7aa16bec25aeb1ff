import { dictionary } from '../../i18n/dictionary';
import { useLocale } from '../../i18n/locale';
import { worklistEn, worklistZh } from './worklist/texts';
import { readingEn, readingZh } from './reading/texts';
import { reportEn, reportZh } from './report/texts';
import { ecgEn, ecgZh } from './ecg/texts';

/** The reader pages' texts; report templates' clinical text stays Chinese in both languages. */
const zh = {
  ...worklistZh,
  ...readingZh,
  ...reportZh,
  ...ecgZh,
};

const en: Record<keyof typeof zh, string> = {
  ...worklistEn,
  ...readingEn,
  ...reportEn,
  ...ecgEn,
};

export const useT = dictionary(zh, en);

/** A label of the reader-format maps in the current language. */
export function useLabel() {
  const { lang } = useLocale();
  return (entry: { label: string; en: string }) => (lang === 'zh' ? entry.label : entry.en);
}
