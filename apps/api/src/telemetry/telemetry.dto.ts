import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DEAD_LETTER_REASONS } from './ingest.js';

const SEGMENT = /^[a-z0-9-]{1,64}$/;

export class ReadingsQueryDto {
  @ApiProperty({ example: 'gh1' }) @Matches(SEGMENT) zone!: string;
  @ApiProperty({ example: 'air_temp_c', description: 'A registry metric, or dew_point_c / vpd_kpa' })
  @Matches(/^[a-z0-9_]{1,32}$/)
  metric!: string;

  @ApiProperty({ example: '2026-11-28T00:00:00Z' }) @Type(() => Date) @IsDate() from!: Date;
  @ApiProperty({ example: '2026-11-29T00:00:00Z' }) @Type(() => Date) @IsDate() to!: Date;

  @ApiPropertyOptional({ enum: ['auto', 'raw', '1m', '1h'], default: 'auto' })
  @IsOptional()
  @IsIn(['auto', 'raw', '1m', '1h'])
  step?: 'auto' | 'raw' | '1m' | '1h';

  @ApiPropertyOptional() @IsOptional() @Matches(SEGMENT) site?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(SEGMENT) device?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?:
    'json' | 'csv';
}

export class DeadLettersQueryDto {
  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: DEAD_LETTER_REASONS })
  @IsOptional()
  @IsIn(DEAD_LETTER_REASONS)
  reason?: string;
}

export class LatestQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(SEGMENT) site?: string;
}
