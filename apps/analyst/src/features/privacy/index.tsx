import './privacy.css';

export { AuditPage } from './AuditPage';
export { PrivacyRequestPage } from './RequestPage';
export { PrivacyRequestsPage } from './RequestsPage';
export { RetentionPage } from './RetentionPage';
