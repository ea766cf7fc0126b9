import { Module } from '@nestjs/common';
import { ContactImportsController } from './contact-imports.controller';
import { ContactImportsRepository } from './contact-imports.repository';
import { ContactImportsService } from './contact-imports.service';
import { ContactsRetention } from './contact-retention';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

/** The contact directory, its imports, and the retention of contacts (registered from here). */
@Module({
  controllers: [ContactImportsController, ContactsController],
  providers: [ContactImportsService, ContactsService, ContactsRepository, ContactImportsRepository, ContactsRetention],
  exports: [ContactImportsService, ContactsService, ContactsRepository, ContactsRetention],
})
export class ContactsModule {}
