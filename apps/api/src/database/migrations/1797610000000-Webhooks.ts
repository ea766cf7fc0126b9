import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing webhooks: subscriptions (signing secrets encrypted under a keystore key of each
 * subscription's own), the events they asked for (bodies dropped after 7 days), and the delivery
 * log with each attempt's status code and timing.
 */
export class Webhooks1797610000000 implements MigrationInterface {
  name = 'Webhooks1797610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL, "name" text NOT NULL, "url" text NOT NULL, "events" text array NOT NULL, "survey_ids" uuid array NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" text, "disabled_at" TIMESTAMP WITH TIME ZONE, "failure_streak" integer NOT NULL DEFAULT \'0\', "secret_ciphertext" bytea NOT NULL, "previous_secret_ciphertext" bytea, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "secret_rotated_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "webhook_subscriptions_disabled_reason_check" CHECK (disabled_reason IN (\'failure-streak\', \'administrator\')), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_events" ("id" uuid NOT NULL, "type" text NOT NULL, "survey_id" uuid, "resource_id" uuid, "payload" jsonb, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "webhook_events_resource_idx" ON "webhook_events"  ("resource_id") ');
    await queryRunner.query('CREATE INDEX "webhook_events_occurred_idx" ON "webhook_events"  ("occurred_at") ');
    await queryRunner.query(
      'CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "event_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "replay_of" uuid, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_deliveries_status_check" CHECK (status IN (\'pending\', \'succeeded\', \'failed\', \'cancelled\')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries"  ("event_id") ');
    await queryRunner.query(
      'CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries"  ("subscription_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery_attempts" ("delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "status_code" integer, "succeeded" boolean NOT NULL, "error" text, CONSTRAINT "PK_7cb191a8ef5167bf3e33cfa2cae" PRIMARY KEY ("delivery_id", "attempt"))',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f" FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "FK_647916c401c0c275df5f00c148f" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Subscriptions' keys go with them: their secrets are unreadable without the rows anyway.
    await queryRunner.query(
      'DELETE FROM keystore.subject_keys WHERE subject_id IN (SELECT id FROM webhook_subscriptions)',
    );
    await queryRunner.query('ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "FK_647916c401c0c275df5f00c148f"');
    await queryRunner.query('ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f"');
    await queryRunner.query('ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a"');
    await queryRunner.query('DROP TABLE "webhook_delivery_attempts"');
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_subscription_idx"');
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_event_idx"');
    await queryRunner.query('DROP TABLE "webhook_deliveries"');
    await queryRunner.query('DROP INDEX "public"."webhook_events_occurred_idx"');
    await queryRunner.query('DROP INDEX "public"."webhook_events_resource_idx"');
    await queryRunner.query('DROP TABLE "webhook_events"');
    await queryRunner.query('DROP TABLE "webhook_subscriptions"');
  }
}
