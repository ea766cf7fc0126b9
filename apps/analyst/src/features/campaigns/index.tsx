// Placeholder pages: replaced by the feature's real pages.
export function CampaignsPage() {
  return <h1>CampaignsPage</h1>;
}
export function CampaignPage() {
  return <h1>CampaignPage</h1>;
}
