import { MigrationInterface, QueryRunner } from 'typeorm';

export class PublicationLedger1796640095684 implements MigrationInterface {
  name = 'PublicationLedger1796640095684';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "publication_ledger" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "report_id" uuid NOT NULL, "title" text NOT NULL, "population" jsonb NOT NULL, "responses" integer NOT NULL, "min_group_size" integer NOT NULL, "breakdowns" jsonb NOT NULL, "crosstab" jsonb, "figures" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_1353146a74614e06814d21011c5" UNIQUE ("report_id"), CONSTRAINT "PK_4dcd7908b60719357e4285e49d0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "publication_ledger_survey_idx" ON "publication_ledger"  ("survey_id", "published_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "publication_ledger" ADD CONSTRAINT "FK_444079ff2566e0e2be638144b05" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "publication_ledger" ADD CONSTRAINT "FK_1353146a74614e06814d21011c5" FOREIGN KEY ("report_id") REFERENCES "report_snapshots"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // What was published stays as it was published: the ledger is the record of what outsiders know.
    await queryRunner.query(`CREATE FUNCTION "publication_ledger_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a publication ledger entry cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER "publication_ledger_no_update" BEFORE UPDATE ON "publication_ledger" FOR EACH ROW EXECUTE FUNCTION "publication_ledger_immutable"()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "publication_ledger_no_update" ON "publication_ledger"');
    await queryRunner.query('DROP FUNCTION "publication_ledger_immutable"()');
    await queryRunner.query('ALTER TABLE "publication_ledger" DROP CONSTRAINT "FK_1353146a74614e06814d21011c5"');
    await queryRunner.query('ALTER TABLE "publication_ledger" DROP CONSTRAINT "FK_444079ff2566e0e2be638144b05"');
    await queryRunner.query('DROP INDEX "public"."publication_ledger_survey_idx"');
    await queryRunner.query('DROP TABLE "publication_ledger"');
  }
}
