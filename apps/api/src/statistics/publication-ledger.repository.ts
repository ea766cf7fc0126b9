import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PublicationLedgerEntry } from './publication-ledger.entity';

/** The publication ledger (`publication_ledger`): what has been published about each survey. Entries never change. */
@Injectable()
export class PublicationLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The survey's ledger, oldest publication first. */
  ofSurvey(surveyId: string, tx?: EntityManager): Promise<PublicationLedgerEntry[]> {
    return (tx ?? this.dataSource.manager).find(PublicationLedgerEntry, {
      where: { surveyId },
      order: { publishedAt: 'ASC', id: 'ASC' },
    });
  }

  async add(entry: Omit<PublicationLedgerEntry, 'id' | 'survey' | 'report'>, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource.manager).insert(PublicationLedgerEntry, entry);
  }
}
