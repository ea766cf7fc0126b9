import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { PersonalDataAuditInterceptor } from './personal-data-audit.interceptor';
import { StaffTokenVerifier } from './staff-token.verifier';

@Module({
  imports: [UsersModule, ApiKeysModule],
  controllers: [AuthController, OidcController],
  providers: [
    AuthRepository,
    AuthService,
    LoginThrottle,
    OidcService,
    StaffTokenVerifier,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: PersonalDataAuditInterceptor },
  ],
  exports: [AuthService],
})
export class AuthModule {}
