import { Global, Module } from '@nestjs/common';
import { AuditEventsRetention } from './audit-retention';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { UsersModule } from '../users/users.module';
import { AuditService } from './audit.service';

/** Global: every feature records what it does through AuditService. */
@Global()
@Module({
  // Staff names for the log's readers; UsersModule records through AuditService, which is global.
  imports: [UsersModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditEventsRetention],
  exports: [AuditService],
})
export class AuditModule {}
