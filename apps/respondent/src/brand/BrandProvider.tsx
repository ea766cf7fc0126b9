import { createApiClient } from '@survey/api-client';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { applyBrandColours, type Brand } from './brand';

interface BrandState {
  brand: Brand | null;
  setBrand(brand: Brand | null): void;
}

const BrandContext = createContext<BrandState>({ brand: null, setBrand: () => undefined });

/** Holds the brand the pages show, and applies its colours and document title. */
export function BrandProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [brand, setBrand] = useState<Brand | null>(null);
  const primary = brand?.primaryColor ?? null;
  const title = brand?.title ?? null;

  useEffect(() => applyBrandColours(primary), [primary]);
  useEffect(() => {
    document.title = title ?? t.appName;
  }, [title, t]);

  return <BrandContext.Provider value={{ brand, setBrand }}>{children}</BrandContext.Provider>;
}

/** The brand shown now (null: the app's own look). */
export function useBrand(): Brand | null {
  return useContext(BrandContext).brand;
}

/**
 * What a page shows: a survey's brand (from its link), the organisation's (`undefined`: fetched,
 * public, for pages opened without a link), or the app's own look (`'own'`; also while a survey
 * loads, `'pending'`, so that no other brand flashes before its own).
 */
export type BrandChoice = Brand | undefined | 'pending' | 'own';

export function useShownBrand(choice: BrandChoice): void {
  const { setBrand } = useContext(BrandContext);
  const { language } = useI18n();
  const given = typeof choice === 'object' ? choice : null;
  const key = given ? JSON.stringify(given) : String(choice);

  useEffect(() => {
    if (given) return setBrand(given);
    if (choice === 'pending') return;
    if (choice === 'own') return setBrand(null);
    const controller = new AbortController();
    createApiClient()
      .GET('/api/v1/branding/default', { params: { query: { lang: language } }, signal: controller.signal })
      .then(({ data }) => {
        if (data) setBrand(data);
      })
      .catch(() => {
        // Without the organisation's brand the app keeps its own look.
      });
    return () => controller.abort();
    // `key` stands for the brand's content, which a new object of the same content does not change.
  }, [key, language]);
}
