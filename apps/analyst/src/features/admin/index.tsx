// Placeholder pages: replaced by the feature's real pages.
export function UsersPage() {
  return <h1>UsersPage</h1>;
}
export function ApiKeysPage() {
  return <h1>ApiKeysPage</h1>;
}
