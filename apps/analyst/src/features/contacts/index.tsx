import './contacts.css';

export { ContactImportPage } from './ContactImportPage';
export { ContactsPage } from './ContactsPage';
