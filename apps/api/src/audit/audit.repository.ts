import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { AuditEntry, type AuditActorKind } from './audit-entry.entity.js';

export interface AuditActor {
  kind: AuditActorKind;
  userId?: string | null;
  name: string;
}

export interface AuditRecord {
  at: Date;
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditQuery {
  from?: Date;
  to?: Date;
  entityType?: string;
  entityId?: string;
  action?: string;
  limit: number;
  before?: number;
}

/** The person behind a request, as the audit trail names them. */
export function userActor(user: { id: string; name: string }): AuditActor {
  return { kind: 'user', userId: user.id, name: user.name };
}

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Pass the transaction's manager so the audit row commits (or not) with the change it records. */
  async append(record: AuditRecord, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEntry) : this.entries;
    await repository.insert({
      at: record.at,
      actorKind: record.actor.kind,
      actorUserId: record.actor.userId ?? null,
      actorName: record.actor.name,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId ?? null,
      details: (record.details ?? null) as AuditEntry['details'] & object,
    });
  }

  /** What a person did to one entity; `action` is `<entity type>.<verb>` (`zone.updated`). */
  appendUserAction(
    user: { id: string; name: string },
    action: string,
    entityId: string,
    details: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    const [entityType = action] = action.split('.');
    return this.append({ at, actor: userActor(user), action, entityType, entityId, details });
  }

  /** Whether an entity has an entry of one of `actions` whose details hold `key` = `value`. */
  async hasEntry(
    entityType: string,
    entityId: string,
    actions: readonly string[],
    detail: { key: string; value: string },
  ): Promise<boolean> {
    const found = await this.entries
      .createQueryBuilder('entry')
      .where('entry.entity_type = :entityType AND entry.entity_id = :entityId', { entityType, entityId })
      .andWhere('entry.action IN (:...actions)', { actions })
      .andWhere('entry.details ->> :key = :value', detail)
      .getExists();
    return found;
  }

  async find(query: AuditQuery): Promise<AuditEntry[]> {
    const builder = this.entries.createQueryBuilder('entry').orderBy('entry.id', 'DESC').limit(query.limit);
    if (query.from) builder.andWhere('entry.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('entry.at < :to', { to: query.to });
    if (query.entityType)
      builder.andWhere('entry.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('entry.entity_id = :entityId', { entityId: query.entityId });
    if (query.action) builder.andWhere('entry.action LIKE :action', { action: `${query.action}%` });
    if (query.before) builder.andWhere('entry.id < :before', { before: query.before });
    return builder.getMany();
  }
}
