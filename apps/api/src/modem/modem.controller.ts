import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { SmsGateway, type ModemStatus } from './sms-gateway.service.js';

@ApiTags('modem')
@ApiBearerAuth()
@Controller('modem')
export class ModemController {
  constructor(private readonly modem: SmsGateway) {}

  /** The modem for the manager's status card: open or not, signal, SIM, the last error. */
  @Get()
  @Roles('manager', 'technician')
  status(): ModemStatus {
    return this.modem.current();
  }
}
