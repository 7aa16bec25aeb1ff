import { useLocale } from './locale';

type Params = Record<string, string | number>;

/**
 * A page area's own texts in both languages: `const useT = dictionary(zh, en)` once per area,
 * then `const t = useT(); t('claimNext')` or `t('remaining', { n: 3 })` with `{n}` in the text.
 * English must name every key Chinese has (the type says so), so a switch never shows a gap.
 */
export function dictionary<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  return function useT() {
    const { lang } = useLocale();
    const texts = lang === 'zh' ? zh : en;
    return (key: K, params?: Params): string =>
      params
        ? texts[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
            name in params ? String(params[name]) : whole,
          )
        : texts[key];
  };
}
