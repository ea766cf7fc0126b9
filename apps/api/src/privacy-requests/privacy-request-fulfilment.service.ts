import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { invalidField, ValidationProblemException } from '../common/problem';
import { ContactsService } from '../contacts/contacts.service';
import { KeystoreService } from '../crypto/keystore.service';
import { Transactions } from '../database/transactions';
import { AccessPackagesService } from './access-packages.service';
import { PersonalDataInventory } from './personal-data-inventory';
import { Execution, PrivacyRequestCloser } from './privacy-request-closer';
import { requireOpen, wrongState } from './privacy-request-errors';
import { PrivacyRequestViews } from './privacy-request-views';
import { PrivacyRequest, ProviderNoticeAction } from './privacy-request.entity';
import { FulfilPrivacyRequestDto, PrivacyRequestDto } from './privacy-requests.dto';
import { PrivacyRequestsRepository } from './privacy-requests.repository';
import { ProviderErasuresService } from './provider-erasures.service';

/** What fulfilling answered: the request, and whether its work continues in the background. */
export interface Fulfilled {
  request: PrivacyRequestDto;
  /** An access request: its package is being made by a job (poll its progress). */
  accepted: boolean;
}

/**
 * Does what a request asks (P7). A rectification, an erasure or an objection is done in one
 * transaction with the answer to the person; an access request queues the job that makes its
 * package and mails the link (AccessPackagesService). Each is audited with counts and field
 * names only; the provider is told of erasures and rectifications.
 */
@Injectable()
export class PrivacyRequestFulfilmentService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: Transactions,
    private readonly requests: PrivacyRequestsRepository,
    private readonly keystore: KeystoreService,
    private readonly inventory: PersonalDataInventory,
    private readonly contacts: ContactsService,
    private readonly notices: ProviderErasuresService,
    private readonly closer: PrivacyRequestCloser,
    private readonly packages: AccessPackagesService,
    private readonly views: PrivacyRequestViews,
  ) {}

  async fulfil(id: string, dto: FulfilPrivacyRequestDto): Promise<Fulfilled> {
    const { request, key, accepted } = await this.transactions.run(async (tx) => {
      const request = requireOpen(await this.requests.findById(id, true, tx), 'fulfilled');
      if (request.type === 'rectification' && !dto.changes) {
        throw invalidField('changes', 'changes (the corrected contact fields) are required for a rectification');
      }
      if (request.type !== 'rectification' && dto.changes) {
        throw invalidField('changes', 'changes are only for rectification requests');
      }
      const key = await this.keystore.keyFor(request.id, tx);
      const contactId = request.emailIndex ? await this.inventory.contactIdFor(tx, request.emailIndex) : null;
      const now = this.clock.now();
      if (request.type === 'access') {
        await this.packages.ask(tx, request, contactId, now);
        return { request, key, accepted: true };
      }
      const done = await this.execute(tx, request.type, contactId, dto, now);
      await this.closer.complete(tx, request, key, contactId, done, now);
      return { request, key, accepted: false };
    });
    return { request: this.views.toDto(request, key), accepted };
  }

  private execute(
    tx: EntityManager,
    type: Exclude<PrivacyRequest['type'], 'access'>,
    contactId: string | null,
    dto: FulfilPrivacyRequestDto,
    now: Date,
  ): Promise<Execution> {
    switch (type) {
      case 'rectification':
        return this.rectify(tx, contactId, dto.changes!, now);
      case 'erasure':
        return this.erase(tx, contactId);
      case 'objection':
        return this.object(tx, contactId, now);
    }
  }

  /** Applies the corrected contact fields, follows them in the response snapshots, tells the provider. */
  private async rectify(
    tx: EntityManager,
    contactId: string | null,
    changes: NonNullable<FulfilPrivacyRequestDto['changes']>,
    now: Date,
  ): Promise<Execution> {
    if (!contactId) {
      throw wrongState(
        'No contact holds the address of this request, so there is nothing to rectify; reject it with the reason no-data-held.',
      );
    }
    const fields = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    await this.contacts.update(contactId, changes, tx).catch((error: unknown) => {
      // The contact's own field names, under `changes` where the caller put them.
      if (!(error instanceof ValidationProblemException)) throw error;
      throw new ValidationProblemException(
        error.fieldErrors.map((e) => ({ field: `changes.${e.field}`, message: e.message })),
      );
    });
    const responses = await this.inventory.rectifyResponses(tx, contactId, now);
    const notices = await this.notices.notify(
      tx,
      await this.inventory.surveysOf(tx, contactId),
      ProviderNoticeAction.Rectify,
    );
    return { outcome: { fields, responsesUpdated: responses, providerNotices: notices } };
  }

  private async erase(tx: EntityManager, contactId: string | null): Promise<Execution> {
    if (!contactId) {
      return { outcome: { contacts: 0, invitations: 0, responses: 0, accessPackages: 0, mail: 0, providerNotices: 0 } };
    }
    const erased = await this.inventory.erase(tx, contactId);
    const notices = await this.notices.notify(tx, erased.surveys, ProviderNoticeAction.Erase);
    return {
      outcome: {
        contacts: 1,
        invitations: erased.invitations,
        responses: erased.responses,
        accessPackages: erased.downloads,
        mail: erased.mail,
        providerNotices: notices,
      },
    };
  }

  private async object(tx: EntityManager, contactId: string | null, now: Date): Promise<Execution> {
    const objected = contactId ? await this.inventory.object(tx, contactId, now) : null;
    return { outcome: { invitationsOptedOut: objected?.invitations ?? 0, mailCancelled: objected?.mail ?? 0 } };
  }
}
