import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The database as the readiness probe sees it: connected, and answering. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** A trivial query; rejects when the database does not answer it. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
