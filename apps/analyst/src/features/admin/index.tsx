import './admin.css';

export { ApiKeysPage } from './ApiKeysPage';
export { FailedJobsPage } from './FailedJobsPage';
export { UsersPage } from './UsersPage';
export { BrandingPage } from './BrandingPage';
export { WebhooksPage } from './WebhooksPage';
