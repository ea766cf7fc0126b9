import { Global, Module } from '@nestjs/common';
import { AuditEventsRetention } from './audit-retention';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** Global: every feature records what it does through AuditService. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, AuditEventsRetention],
  exports: [AuditService],
})
export class AuditModule {}
