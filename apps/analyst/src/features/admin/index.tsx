import './admin.css';

export { ApiKeysPage } from './ApiKeysPage';
export { UsersPage } from './UsersPage';
