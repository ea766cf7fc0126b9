// Placeholder pages: replaced by the feature's real pages.
export function ResultsPage() {
  return <h1>ResultsPage</h1>;
}
