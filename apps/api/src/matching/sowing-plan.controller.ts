import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  HISTORY_MAX_LOSS,
  HISTORY_MIN_BATCHES,
  type LossHistory,
  type PlanningLoss,
  overageOf,
} from '#agronomy';
import type { CropSeasonOverage, LossHistoryFigure, SowingPlanOverageResponse } from '#contracts';
import { Roles } from '../auth/roles.decorator.js';
import { MatchingStateReader } from './matching-state.js';

@ApiTags('batches')
@ApiBearerAuth()
@Controller('sowing-plan')
export class SowingPlanController {
  constructor(private readonly state: MatchingStateReader) {}

  /**
   * Per crop and sowing season: the catalogue's loss, the loss of the crop's closed batches (with
   * the causes), and the one new sowings are sized with (docs/agronomy.md).
   */
  @Get('overage')
  @Roles('manager', 'technician')
  async overage(): Promise<SowingPlanOverageResponse> {
    const losses = await this.state.planningLosses();
    return { minBatches: HISTORY_MIN_BATCHES, maxLossShare: HISTORY_MAX_LOSS, crops: losses.map(toWire) };
  }
}

function figure(history: LossHistory | null): LossHistoryFigure | null {
  if (!history) return null;
  return {
    batches: history.batches,
    cellsSown: history.cells,
    lossShare: history.lossShare,
    overage: overageOf(history.lossShare),
    causes: history.causes.map((c) => ({ cause: c.cause, seedlings: c.seedlings, share: c.share })),
  };
}

function toWire(loss: PlanningLoss): CropSeasonOverage {
  return {
    crop: loss.crop,
    season: loss.season,
    catalogue: { lossShare: loss.catalogueLoss, overage: overageOf(loss.catalogueLoss) },
    seasonHistory: figure(loss.seasonHistory),
    allSeasonsHistory: figure(loss.allSeasonsHistory),
    basis: loss.basis,
    reason: loss.reason,
    used: { lossShare: loss.lossShare, overage: overageOf(loss.lossShare), limit: loss.limit },
  };
}
