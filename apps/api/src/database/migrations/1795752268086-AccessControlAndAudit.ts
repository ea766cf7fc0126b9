import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts, sessions and refresh tokens, provider API keys, and the hash-chained audit
 * log. Written by hand at the end of up(): the chain's genesis head, a trigger that makes
 * audit_events append-only (tampering then needs the table owner to disable it, and the hash
 * chain still shows it), and the counters table rate-limiter-flexible uses for login throttling.
 */
export class AccessControlAndAudit1795752268086 implements MigrationInterface {
  name = 'AccessControlAndAudit1795752268086';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "staff_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "role" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "password_hash" text NOT NULL, "token_version" integer NOT NULL DEFAULT \'1\', "totp_secret" text, "totp_enabled" boolean NOT NULL DEFAULT false, "totp_last_step" bigint, "recovery_code_hashes" text array NOT NULL DEFAULT \'{}\', "last_login_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_4f32dd66546226ea64f5573b770" UNIQUE ("email"), CONSTRAINT "staff_users_email_lower_check" CHECK (email = lower(email)), CONSTRAINT "staff_users_role_check" CHECK (role IN (\'admin\', \'analyst\', \'privacy_officer\', \'management\')), CONSTRAINT "PK_c6b167335377df69f7910c2c75e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "prefix" text NOT NULL, "secret_hash" character(64) NOT NULL, "scopes" text array NOT NULL, "survey_ids" uuid array NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_6f6105c8efe05b310d046cbdb3d" UNIQUE ("prefix"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" text, "action" text NOT NULL, "resource_type" text NOT NULL, "resource_id" text, "purpose" text, "outcome" text NOT NULL, "request_id" text, "details" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "audit_events_outcome_check" CHECK (outcome IN (\'success\', \'failure\', \'denied\')), CONSTRAINT "audit_events_actor_type_check" CHECK (actor_type IN (\'staff\', \'api_key\', \'system\', \'anonymous\')), CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query('CREATE INDEX "audit_events_action_idx" ON "audit_events"  ("action") ');
    await queryRunner.query(
      'CREATE INDEX "audit_events_resource_idx" ON "audit_events"  ("resource_type", "resource_id") ',
    );
    await queryRunner.query('CREATE INDEX "audit_events_actor_idx" ON "audit_events"  ("actor_id") ');
    await queryRunner.query('CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"  ("occurred_at") ');
    await queryRunner.query(
      'CREATE TABLE "audit_chain_head" ("id" smallint NOT NULL, "last_seq" bigint NOT NULL, "last_hash" character(64) NOT NULL, CONSTRAINT "audit_chain_head_single_row" CHECK (id = 1), CONSTRAINT "PK_9211408bf584034de409b1bbec5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "staff_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_version" integer NOT NULL, "mfa_pending" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_b9be2467392ab95efaa3661cce2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "staff_sessions_user_idx" ON "staff_sessions"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "staff_refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_08d4fd8e914a488c8a11933828d" UNIQUE ("token_hash"), CONSTRAINT "PK_93a8aade9a05723e493338fa883" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "staff_refresh_tokens_session_idx" ON "staff_refresh_tokens"  ("session_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "FK_983d7eb19ca94bb8e343293068e" FOREIGN KEY ("created_by") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "staff_sessions" ADD CONSTRAINT "FK_2d3e82105bee50ac45fe3ed5975" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "staff_refresh_tokens" ADD CONSTRAINT "FK_fc01664ad07ed72f366fffb93b3" FOREIGN KEY ("session_id") REFERENCES "staff_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      `INSERT INTO "audit_chain_head" ("id", "last_seq", "last_hash") VALUES (1, 0, repeat('0', 64))`,
    );
    await queryRunner.query(`CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_update_or_delete" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
    await queryRunner.query('ALTER TABLE "staff_refresh_tokens" DROP CONSTRAINT "FK_fc01664ad07ed72f366fffb93b3"');
    await queryRunner.query('ALTER TABLE "staff_sessions" DROP CONSTRAINT "FK_2d3e82105bee50ac45fe3ed5975"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "FK_983d7eb19ca94bb8e343293068e"');
    await queryRunner.query('DROP INDEX "public"."staff_refresh_tokens_session_idx"');
    await queryRunner.query('DROP TABLE "staff_refresh_tokens"');
    await queryRunner.query('DROP INDEX "public"."staff_sessions_user_idx"');
    await queryRunner.query('DROP TABLE "staff_sessions"');
    await queryRunner.query('DROP TABLE "audit_chain_head"');
    await queryRunner.query('DROP INDEX "public"."audit_events_occurred_at_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_events_actor_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_events_resource_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_events_action_idx"');
    await queryRunner.query('DROP TABLE "audit_events"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP TABLE "staff_users"');
  }
}
