import { Module } from '@nestjs/common';
import { ContactImportsController } from './contact-imports.controller';
import { ContactImportsService } from './contact-imports.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

@Module({
  controllers: [ContactImportsController, ContactsController],
  providers: [ContactImportsService, ContactsService],
  exports: [ContactImportsService, ContactsService],
})
export class ContactsModule {}
