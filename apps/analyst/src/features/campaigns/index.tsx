import './campaigns.css';

export { CampaignPage } from './CampaignPage';
export { CampaignsPage } from './CampaignsPage';
