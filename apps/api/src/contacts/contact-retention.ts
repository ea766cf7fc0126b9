import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { MailOutboxService } from '../mail/mail-outbox.service';
import type { PurgeBatchResult, RetentionTarget } from '../retention/retention-registry';
import { RetentionRegistry } from '../retention/retention-registry';
import { ContactsRepository } from './contacts.repository';

/**
 * Records another module keeps for a contact, which go in the contact's deletion transaction:
 * `purge` deletes those of the given contacts and says how many it deleted.
 */
export interface ContactDependents {
  readonly kind: string;
  purge(contactIds: string[], tx: EntityManager): Promise<number>;
}

/**
 * A contact expires RETENTION_MONTHS after their data was collected (`collected_at`: the import
 * that last brought them, or the last invitation, which restarts the clock). In one transaction
 * per batch: their keys are shredded (name, e-mail, registration numbers, mail and free text
 * under them become unreadable everywhere), the responses they gave lose their link, pseudonym
 * and (now unreadable) free text and are kept until their own expiry, and their mail,
 * invitations (with tokens and drafts) and the contacts themselves are deleted.
 */
@Injectable()
export class ContactsRetention implements RetentionTarget, OnModuleInit {
  readonly kind = 'contacts';
  readonly rule =
    'A contact is deleted once the longest retention period (in months) has passed since their data was collected (imported, or last invited), with their key, invitations, drafts and mail; their responses lose every link to them.';
  private readonly dependents: ContactDependents[] = [];

  constructor(
    private readonly contacts: ContactsRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keystore: KeystoreService,
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    private readonly registry: RetentionRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  /**
   * Another module's records of a contact (a delivery's invitations) go with the contact, after
   * the responses given through them lost their link and before the contact itself.
   */
  registerDependents(dependents: ContactDependents): void {
    this.dependents.push(dependents);
  }

  countDue(at: Date): Promise<number> {
    return this.contacts.countExpired(at, this.config.privacy.retentionMonths);
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.transactions.run(async (manager) => {
      const ids = await this.contacts.lockExpired(at, this.config.privacy.retentionMonths, limit, manager);
      if (ids.length === 0) return 0;
      const keys = await this.keystore.shred(ids, manager);
      const unlinked = await this.contacts.unlinkResponses(ids, this.clock.now(), manager);
      const mail = await this.outbox.deleteForSubjects(manager, ids);
      const dependents: Record<string, number> = {};
      for (const dependent of this.dependents) {
        dependents[dependent.kind] = await dependent.purge(ids, manager);
      }
      const contacts = await this.contacts.deleteByIds(ids, manager);
      return {
        [this.kind]: contacts,
        subject_keys: keys,
        ...dependents,
        mail_outbox: mail,
        response_links: unlinked,
      };
    });
  }
}
