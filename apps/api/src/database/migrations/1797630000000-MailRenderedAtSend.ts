import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A queued message may be rendered when it is sent: `renderer` names what builds it then from the
 * message's (still encrypted) ingredients. Null: the ciphertext is the finished message, as before.
 */
export class MailRenderedAtSend1797630000000 implements MigrationInterface {
  name = 'MailRenderedAtSend1797630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mail_outbox" ADD "renderer" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The earlier sender could not send these: they go (their invitations can ask for a new link).
    await queryRunner.query(
      `DELETE FROM "mail_outbox" WHERE "renderer" IS NOT NULL AND status IN ('pending', 'sending')`,
    );
    await queryRunner.query('ALTER TABLE "mail_outbox" DROP COLUMN "renderer"');
  }
}
