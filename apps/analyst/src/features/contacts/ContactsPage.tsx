import { useMessages } from '../../lib/i18n';
import { Directory } from './Directory';
import { FindByEmail } from './FindByEmail';
import { ImportUpload } from './ImportUpload';
import { contactsMessages } from './messages';
import { PastImports } from './PastImports';

export function ContactsPage() {
  const t = useMessages(contactsMessages);
  return (
    <>
      <h1>{t.title}</h1>
      <p className="hint">{t.intro}</p>
      <ImportUpload />
      <PastImports />
      <FindByEmail />
      <Directory />
    </>
  );
}
