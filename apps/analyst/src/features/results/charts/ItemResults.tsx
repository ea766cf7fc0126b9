import { useId } from 'react';
import { DistributionResults } from './DistributionResults';
import type { ItemStatistics } from './figures';
import { ItemSummary } from './ItemSummary';
import { NpsResults } from './NpsResults';

/** One question: its summary figures, its distribution and, for an NPS question, the NPS. */
export function ItemResults({ item, language, k }: { item: ItemStatistics; language: string; k: number }) {
  const id = useId();
  return (
    <section className="panel item-results" aria-labelledby={id} data-testid={`item-${item.name}`}>
      <h3 id={id} lang={language} dir="auto">
        {item.title}
      </h3>
      <ItemSummary metrics={item.overall} />
      <DistributionResults item={item} language={language} k={k} />
      {item.ratingKind === 'nps' && <NpsResults item={item} />}
    </section>
  );
}
