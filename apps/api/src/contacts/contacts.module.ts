import { Module } from '@nestjs/common';
import { ContactImportsController } from './contact-imports.controller';
import { ContactImportsRepository } from './contact-imports.repository';
import { ContactImportsService } from './contact-imports.service';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

@Module({
  controllers: [ContactImportsController, ContactsController],
  providers: [ContactImportsService, ContactsService, ContactsRepository, ContactImportsRepository],
  exports: [ContactImportsService, ContactsService, ContactsRepository],
})
export class ContactsModule {}
