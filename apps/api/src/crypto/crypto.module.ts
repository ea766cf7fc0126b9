import { Global, Module } from '@nestjs/common';
import { SubjectKeysRepository } from './crypto.repository';
import { KeystoreService } from './keystore.service';

@Global()
@Module({ providers: [SubjectKeysRepository, KeystoreService], exports: [KeystoreService] })
export class CryptoModule {}
