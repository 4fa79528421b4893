import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SHIFTS, WEBHOOK_FORMATS, type Shift, type WebhookFormat } from './duty-roster.entity.js';

const STATES = ['pending', 'active', 'acknowledged', 'cleared'] as const;
const SEVERITIES = ['advisory', 'warning', 'critical'] as const;

export class AlarmQueryDto {
  @ApiPropertyOptional({
    description: 'Comma-separated states; open ones (pending, active, acknowledged) by default',
  })
  @IsOptional()
  @Matches(/^(pending|active|acknowledged|cleared)(,(pending|active|acknowledged|cleared))*$/)
  state?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) zone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) rule?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'History paging: alarms that started before this instant' })
  @IsOptional()
  @IsISO8601()
  before?: string;
}

export const ALARM_STATES = STATES;

export class AlarmCommentDto {
  @ApiProperty({ example: '已去检查锅炉，正在修' }) @IsString() @Length(1, 500) comment!: string;
}

export class AlarmSettingDto {
  @ApiPropertyOptional({
    description: "Agronomy stage the override applies to; '' or absent for the whole zone",
  })
  @IsOptional()
  @IsIn(['', 'germination', 'cotyledon', 'trueLeaf', 'hardening', 'healing'])
  stage?: string;

  @ApiPropertyOptional({ description: 'Threshold overrides, e.g. {"coldCritC": 6, "hotWarnC": 30}' })
  @IsOptional()
  @IsObject()
  thresholds?: Record<string, number | boolean>;

  @ApiPropertyOptional({
    description: 'Per rule: {"frost": {"onDelayMs": 60000, "offDelayMs": 600000, "enabled": true}}',
  })
  @IsOptional()
  @IsObject()
  rules?: Record<string, { enabled?: boolean; onDelayMs?: number; offDelayMs?: number }>;
}

export class RosterEntryDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 36) userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) phone?: string;
  @ApiProperty({ enum: SHIFTS }) @IsIn(SHIFTS) shift!: Shift;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  webhookUrl?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS)
  webhookFormat?: WebhookFormat;
  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  minSeverity?: (typeof SEVERITIES)[number];
}

export class RosterDto {
  @ApiProperty({ type: [RosterEntryDto], description: 'In escalation order' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RosterEntryDto)
  entries!: RosterEntryDto[];
}

export class NotificationQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'failed'])
  status?: string;
}
