import type { LoginRequest, RefreshRequest } from '#contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: '13800000001' })
  @Matches(/^1\d{10}$/, { message: 'phone must be an 11-digit mobile number starting with 1' })
  phone!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  refreshToken!: string;
}
