// Placeholder pages: replaced by the feature's real pages.
export function ContactsPage() {
  return <h1>ContactsPage</h1>;
}
export function ContactImportPage() {
  return <h1>ContactImportPage</h1>;
}
