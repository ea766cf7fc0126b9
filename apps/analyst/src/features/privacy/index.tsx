// Placeholder pages: replaced by the feature's real pages.
export function PrivacyRequestsPage() {
  return <h1>PrivacyRequestsPage</h1>;
}
export function PrivacyRequestPage() {
  return <h1>PrivacyRequestPage</h1>;
}
export function RetentionPage() {
  return <h1>RetentionPage</h1>;
}
export function AuditPage() {
  return <h1>AuditPage</h1>;
}
