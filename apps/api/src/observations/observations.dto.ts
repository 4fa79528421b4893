import {
  OBSERVATION_KINDS,
  OBSERVATION_TEXT_MAX,
  PHOTOS_PER_OBSERVATION,
  type CreateObservationRequest,
  type ObservationKind,
  type ObservationsQuery,
} from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { MayBeOmitted } from '../common/validators.js';

export class CreateObservationDto implements CreateObservationRequest {
  @ApiProperty({ enum: OBSERVATION_KINDS })
  @IsIn(OBSERVATION_KINDS)
  kind!: ObservationKind;

  @ApiPropertyOptional({ description: 'The batch it is about; exactly one of batchId and alarmId' })
  @MayBeOmitted()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional({ description: 'The alarm it is about; exactly one of batchId and alarmId' })
  @MayBeOmitted()
  @IsUUID()
  alarmId?: string;

  @ApiProperty({ maxLength: OBSERVATION_TEXT_MAX })
  @IsString()
  @Length(1, OBSERVATION_TEXT_MAX)
  // Spaces alone say nothing a technician could act on.
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;

  @ApiPropertyOptional({ type: [String], description: 'Ids from POST /api/photos, at most three' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(PHOTOS_PER_OBSERVATION)
  @IsUUID(undefined, { each: true })
  photoIds?: string[];
}

export class ObservationsQueryDto implements ObservationsQuery {
  @ApiPropertyOptional() @MayBeOmitted() @IsUUID() batchId?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsUUID() alarmId?: string;
  @ApiPropertyOptional({ enum: ['open', 'done'] }) @MayBeOmitted() @IsIn(['open', 'done']) state?:
    'open' | 'done';
}
