import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { DEAD_LETTER_REASONS } from './ingest.js';
import { IsInstant, MayBeOmitted, ToInstant } from '../common/validators.js';
import type { DeviceDeadLettersQuery, ReadingsExportQuery } from '#contracts';

const SEGMENT = /^[a-z0-9-]{1,64}$/;

export class ReadingsQueryDto {
  @ApiProperty({ example: 'gh1' }) @Matches(SEGMENT) zone!: string;
  @ApiProperty({ example: 'air_temp_c', description: 'A registry metric, or dew_point_c / vpd_kpa' })
  @Matches(/^[a-z0-9_]{1,32}$/)
  metric!: string;

  @ApiProperty({ example: '2026-11-28T00:00:00Z' }) @ToInstant() @IsInstant() from!: Date;
  @ApiProperty({ example: '2026-11-29T00:00:00Z' }) @ToInstant() @IsInstant() to!: Date;

  @ApiPropertyOptional({ enum: ['auto', 'raw', '1m', '1h'], default: 'auto' })
  @MayBeOmitted()
  @IsIn(['auto', 'raw', '1m', '1h'])
  step?: 'auto' | 'raw' | '1m' | '1h';

  @ApiPropertyOptional() @MayBeOmitted() @Matches(SEGMENT) site?: string;
  @ApiPropertyOptional() @MayBeOmitted() @Matches(SEGMENT) device?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @MayBeOmitted() @IsIn(['json', 'csv']) format?:
    'json' | 'csv';
}

/** A history export: up to eight metrics of a house over a range, as CSV in the reader's language. */
export class ReadingsExportQueryDto implements Omit<ReadingsExportQuery, 'from' | 'to'> {
  @ApiProperty({ example: 'gh1' }) @Matches(SEGMENT) zone!: string;
  @ApiProperty({ example: 'air_temp_c,air_rh_pct', description: 'Comma-separated, one to eight metrics' })
  @Matches(/^[a-z0-9_]{1,32}(,[a-z0-9_]{1,32}){0,7}$/)
  metrics!: string;

  @ApiProperty({ example: '2026-11-28T00:00:00Z' }) @ToInstant() @IsInstant() from!: Date;
  @ApiProperty({ example: '2026-11-29T00:00:00Z' }) @ToInstant() @IsInstant() to!: Date;

  @ApiPropertyOptional({ enum: ['auto', 'raw', '1m', '1h'], default: 'auto' })
  @MayBeOmitted()
  @IsIn(['auto', 'raw', '1m', '1h'])
  step?: 'auto' | 'raw' | '1m' | '1h';

  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' }) @MayBeOmitted() @IsIn(['zh', 'en']) lang?:
    'zh' | 'en';
}

export class DeadLettersQueryDto {
  @ApiPropertyOptional({ default: 100 })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: DEAD_LETTER_REASONS })
  @MayBeOmitted()
  @IsIn(DEAD_LETTER_REASONS)
  reason?: string;
}

export class LatestQueryDto {
  @ApiPropertyOptional() @MayBeOmitted() @Matches(SEGMENT) site?: string;
}

export class DeviceDeadLettersQueryDto implements DeviceDeadLettersQuery {
  @ApiPropertyOptional({ default: 20, description: 'From the last 30 days, newest first' })
  @MayBeOmitted()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
