import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/**
 * The one way a service opens a transaction. Services never hold the DataSource: they run their
 * work here and hand the transaction's manager (`tx`) to the repository methods it spans, each of
 * which takes it as an optional last argument (without one, a method runs on its own connection).
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;
  run<T>(isolation: IsolationLevel, work: (tx: EntityManager) => Promise<T>): Promise<T>;
  run<T>(
    first: IsolationLevel | ((tx: EntityManager) => Promise<T>),
    second?: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    return typeof first === 'function'
      ? this.dataSource.transaction(first)
      : this.dataSource.transaction(first, second!);
  }

  /** The manager to use outside any transaction (each statement on its own connection). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
