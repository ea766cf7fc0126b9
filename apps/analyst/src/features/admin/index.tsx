import './admin.css';

export { ApiKeysPage } from './ApiKeysPage';
export { UsersPage } from './UsersPage';
export { BrandingPage } from './BrandingPage';
