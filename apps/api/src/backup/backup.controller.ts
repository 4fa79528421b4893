import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { BackupTakenResponse } from '#contracts';
import { Roles } from '../auth/roles.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { BackupService, type BackupStatus } from './backup.service.js';

@ApiTags('backups')
@Controller('backups')
export class BackupController {
  constructor(private readonly backups: BackupService) {}

  @Get()
  @Roles('manager')
  status(): Promise<BackupStatus> {
    return this.backups.status();
  }

  /** A backup now (the manager's button); 503 with the reason when it cannot be written. */
  @Post()
  @HttpCode(201)
  @Roles('manager')
  async takeNow(): Promise<BackupTakenResponse> {
    try {
      const result = await this.backups.takeBackup('manual');
      return { archive: result.archive, bytes: result.bytes, seconds: result.seconds };
    } catch (error) {
      throw new DomainError('BACKUP_FAILED', error instanceof Error ? error.message : String(error), 503);
    }
  }
}
