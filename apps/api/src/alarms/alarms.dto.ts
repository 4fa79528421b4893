import type {
  AlarmCommentRequest,
  AlarmQuery,
  AlarmSettingRequest,
  RobotTestRequest,
  RosterEntryRequest,
  RosterRequest,
} from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { SHIFTS, WEBHOOK_FORMATS, type Shift, type WebhookFormat } from './duty-roster.entity.js';
import { NOTIFICATION_STATUSES, type NotificationStatus } from './notification.entity.js';
import { IsInstant, IsNested, MayBeOmitted, ToInstant } from '../common/validators.js';

const STATES = ['pending', 'active', 'acknowledged', 'cleared'] as const;
const SEVERITIES = ['advisory', 'warning', 'critical'] as const;

// `before` arrives as an ISO string (AlarmQuery) and is turned into a Date here.
export class AlarmQueryDto implements Omit<AlarmQuery, 'before'> {
  @ApiPropertyOptional({
    description: 'Comma-separated states; open ones (pending, active, acknowledged) by default',
  })
  @MayBeOmitted()
  @Matches(/^(pending|active|acknowledged|cleared)(,(pending|active|acknowledged|cleared))*$/)
  state?: string;

  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 64) zone?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 32) rule?: string;
  @ApiPropertyOptional() @MayBeOmitted() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'History paging: alarms that started before this instant' })
  @MayBeOmitted()
  @ToInstant()
  @IsInstant()
  before?: Date;
}

export const ALARM_STATES = STATES;

export class AlarmCommentDto implements AlarmCommentRequest {
  @ApiProperty({ example: '已去检查锅炉，正在修' }) @IsString() @Length(1, 500) comment!: string;
}

export class AlarmSettingDto implements AlarmSettingRequest {
  @ApiPropertyOptional({
    description: "Agronomy stage the override applies to; '' or absent for the whole zone",
  })
  @MayBeOmitted()
  @IsIn(['', 'germination', 'cotyledon', 'trueLeaf', 'hardening', 'healing'])
  stage?: string;

  @ApiPropertyOptional({ description: 'Threshold overrides, e.g. {"coldCritC": 6, "hotWarnC": 30}' })
  @MayBeOmitted()
  @IsObject()
  thresholds?: Record<string, number | boolean>;

  @ApiPropertyOptional({
    description: 'Per rule: {"frost": {"onDelayMs": 60000, "offDelayMs": 600000, "enabled": true}}',
  })
  @MayBeOmitted()
  @IsObject()
  rules?: Record<string, { enabled?: boolean; onDelayMs?: number; offDelayMs?: number }>;
}

export class RosterEntryDto implements RosterEntryRequest {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsUUID() userId?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 32) phone?: string;
  @ApiProperty({ enum: SHIFTS }) @IsIn(SHIFTS) shift!: Shift;
  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsUrl({ require_tld: false, require_protocol: true })
  webhookUrl?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS })
  @MayBeOmitted()
  @IsIn(WEBHOOK_FORMATS)
  webhookFormat?: WebhookFormat;
  @ApiPropertyOptional({ description: 'DingTalk signing secret (加签, starts with SEC)' })
  @MayBeOmitted()
  @IsString()
  @Length(1, 200)
  webhookSecret?: string;
  @ApiPropertyOptional({ enum: SEVERITIES })
  @MayBeOmitted()
  @IsIn(SEVERITIES)
  minSeverity?: (typeof SEVERITIES)[number];
}

export class RosterDto implements RosterRequest {
  @ApiProperty({ type: [RosterEntryDto], description: 'In escalation order' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsNested(() => RosterEntryDto, { each: true })
  entries!: RosterEntryDto[];
}

export class NotificationQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @MayBeOmitted()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;
}

export class RobotTestDto implements RobotTestRequest {
  @ApiProperty()
  @IsUrl({ require_tld: false, require_protocol: true })
  webhookUrl!: string;
  @ApiProperty({ enum: WEBHOOK_FORMATS }) @IsIn(WEBHOOK_FORMATS) webhookFormat!: WebhookFormat;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 200) webhookSecret?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 32) phone?: string;
}
