import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { runCli, withDatabase } from '../database/database-cli';
import { UsersService } from './users.service';

/**
 * `npm run staff:recover -- someone@example.org`: gives a locked-out staff account (forgotten
 * password, lost authenticator and recovery codes) a new generated password and removes its
 * second factor, for an operator with access to the server. Printed once; audited.
 */
runCli(() =>
  withDatabase(async (url, logger) => {
    const email = process.argv[2];
    if (!email || !email.includes('@')) throw new Error('Give the e-mail address of the staff account to recover.');
    const config = { ...loadConfig(), databaseUrl: url };
    const context = await NestFactory.createApplicationContext(AppModule.forRoot({ config, logger }), {
      logger: false,
    });
    try {
      const password = await context.get(UsersService).recoverAccount(email);
      process.stdout.write(
        [
          `Account recovered: ${email.trim().toLowerCase()}`,
          `New password:      ${password}`,
          'Shown this once. Every session of the account has ended and its second factor is removed;',
          'roles that require one enrol it again at the next login.',
          '',
        ].join('\n'),
      );
    } finally {
      await context.close();
    }
  }),
);
