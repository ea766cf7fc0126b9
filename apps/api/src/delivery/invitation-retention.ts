import { Injectable, OnModuleInit } from '@nestjs/common';
import { ContactsRetention } from '../contacts/contact-retention';
import { Transactions } from '../database/transactions';
import { MailOutboxService } from '../mail/mail-outbox.service';
import type { PurgeBatchResult, RetentionTarget } from '../retention/retention-registry';
import { RetentionRegistry } from '../retention/retention-registry';
import { InvitationsRepository } from './invitations.repository';

/**
 * An invitation records that a person was asked (and whether they answered): it expires its
 * survey's `retentionMonths` after it was made, but not before the response linked to it (the
 * responses go first in every run). Its secret-link tokens, draft and mail go with it. All of a
 * contact's invitations go with the contact (registered with the contacts' retention).
 */
@Injectable()
export class InvitationsRetention implements RetentionTarget, OnModuleInit {
  readonly kind = 'invitations';
  readonly rule =
    'An invitation (with its link tokens, draft and mail) is deleted once its survey’s retention period has passed since it was made, once no response is linked to it; all of a contact’s go with the contact.';

  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly transactions: Transactions,
    private readonly registry: RetentionRegistry,
    private readonly contacts: ContactsRetention,
    private readonly outbox: MailOutboxService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    this.contacts.registerDependents({
      kind: this.kind,
      purge: (contactIds, tx) => this.invitations.deleteOfContacts(contactIds, tx),
    });
  }

  countDue(at: Date): Promise<number> {
    return this.invitations.countExpired(at);
  }

  async purgeBatch(at: Date, limit: number): Promise<PurgeBatchResult> {
    return this.transactions.run(async (manager) => {
      const ids = await this.invitations.lockExpired(at, limit, manager);
      if (ids.length === 0) return 0;
      const mail = await this.outbox.deleteForInvitations(manager, ids);
      const deleted = await this.invitations.deleteByIds(ids, manager);
      return { [this.kind]: deleted, mail_outbox: mail };
    });
  }
}
