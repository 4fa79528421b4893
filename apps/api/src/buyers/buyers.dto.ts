import type { BuyersQuery, CreateBuyerRequest, UpdateBuyerRequest } from '#contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BUYER_KINDS, type BuyerKind } from './buyer.entity.js';
import { MayBeOmitted } from '../common/validators.js';

export class CreateBuyerDto implements CreateBuyerRequest {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty() @IsString() @Length(1, 100) village!: string;
  @ApiPropertyOptional() @MayBeOmitted() @Matches(/^[0-9+-]{5,20}$/) phone?: string;
  @ApiProperty({ enum: BUYER_KINDS }) @IsIn(BUYER_KINDS) kind!: BuyerKind;
  @ApiPropertyOptional({ description: 'The buyer-role user account, when they have one' })
  @MayBeOmitted()
  @IsUUID()
  userId?: string;
}

export class UpdateBuyerDto implements UpdateBuyerRequest {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @MayBeOmitted() @IsString() @Length(1, 100) village?: string;
  @ApiPropertyOptional() @MayBeOmitted() @Matches(/^[0-9+-]{5,20}$/) phone?: string;
  @ApiPropertyOptional({ enum: BUYER_KINDS }) @MayBeOmitted() @IsIn(BUYER_KINDS) kind?: BuyerKind;
  @ApiPropertyOptional() @MayBeOmitted() @IsUUID() userId?: string;
}

export class ListBuyersQuery implements BuyersQuery {
  @ApiPropertyOptional() @MayBeOmitted() @IsString() village?: string;
}
