import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import ru from 'i18n-iso-countries/langs/ru.json';
import zh from 'i18n-iso-countries/langs/zh.json';
import type { Catalogue } from '@survey/messages';
import { localize, type Language } from '@survey/questionnaire';
import { RELATIONSHIP_BANDS } from '../ingestion/relationship-band';
import type { Dimension } from './statistics.dto';

for (const locale of [ar, en, es, fr, ru, zh]) countries.registerLocale(locale);

export const SEGMENT_LABELS: Readonly<Record<string, Catalogue<string>>> = {
  agent: { en: 'Agent', fr: 'Mandataire', es: 'Agente', ar: 'وكيل', zh: '代理人', ru: 'Агент' },
  applicant: { en: 'Applicant', fr: 'Déposant', es: 'Solicitante', ar: 'مودِع الطلب', zh: '申请人', ru: 'Заявитель' },
  holder: { en: 'Holder', fr: 'Titulaire', es: 'Titular', ar: 'مالك الحق', zh: '持有人', ru: 'Владелец' },
  representative: {
    en: 'Representative',
    fr: 'Représentant',
    es: 'Representante',
    ar: 'ممثل',
    zh: '代表',
    ru: 'Представитель',
  },
};

export const BAND_LABELS: Readonly<Record<string, Catalogue<string>>> = {
  'under-1y': {
    en: 'Under 1 year',
    fr: 'Moins d’un an',
    es: 'Menos de 1 año',
    ar: 'أقل من سنة',
    zh: '不到1年',
    ru: 'Менее 1 года',
  },
  '1-3y': {
    en: '1 to 3 years',
    fr: '1 à 3 ans',
    es: 'De 1 a 3 años',
    ar: 'من سنة إلى 3 سنوات',
    zh: '1至3年',
    ru: 'От 1 до 3 лет',
  },
  '3-5y': {
    en: '3 to 5 years',
    fr: '3 à 5 ans',
    es: 'De 3 a 5 años',
    ar: 'من 3 إلى 5 سنوات',
    zh: '3至5年',
    ru: 'От 3 до 5 лет',
  },
  '5-10y': {
    en: '5 to 10 years',
    fr: '5 à 10 ans',
    es: 'De 5 a 10 años',
    ar: 'من 5 إلى 10 سنوات',
    zh: '5至10年',
    ru: 'От 5 до 10 лет',
  },
  '10y-plus': {
    en: '10 years or more',
    fr: '10 ans ou plus',
    es: '10 años o más',
    ar: '10 سنوات أو أكثر',
    zh: '10年以上',
    ru: '10 лет и более',
  },
  unknown: { en: 'Not known', fr: 'Inconnue', es: 'Desconocida', ar: 'غير معروفة', zh: '未知', ru: 'Неизвестно' },
};

export const NOT_GIVEN: Catalogue<string> = {
  en: 'Not given',
  fr: 'Non renseigné',
  es: 'No indicado',
  ar: 'غير مذكور',
  zh: '未提供',
  ru: 'Не указано',
};

/** How a breakdown value reads in `language`: country names, translated segments and bands. */
export function dimensionLabel(dimension: Dimension, value: string, language: Language): string {
  if (value === '') return localize(NOT_GIVEN, language);
  switch (dimension) {
    case 'country':
      return countries.getName(value, language) ?? countries.getName(value, 'en') ?? value;
    case 'segment':
      return SEGMENT_LABELS[value] ? localize(SEGMENT_LABELS[value], language) : value;
    case 'relationshipBand':
      return BAND_LABELS[value] ? localize(BAND_LABELS[value], language) : value;
    case 'role':
      return value;
  }
}

/** The order breakdown values are listed in: bands by length, everything else by label. */
export function sortDimensionValues(dimension: Dimension, values: string[], language: Language): string[] {
  if (dimension === 'relationshipBand') {
    const rank = (value: string) => {
      const index = (RELATIONSHIP_BANDS as readonly string[]).indexOf(value);
      return index < 0 ? RELATIONSHIP_BANDS.length : index;
    };
    return [...values].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }
  const collator = new Intl.Collator(language);
  return [...values].sort(
    (a, b) =>
      collator.compare(dimensionLabel(dimension, a, language), dimensionLabel(dimension, b, language)) ||
      a.localeCompare(b),
  );
}
