/**
 * The one escaping helper for HTML the server writes by hand (mails, the access package): makes
 * a text safe inside an element or a double- or single-quoted attribute value.
 */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
