import { Injectable } from '@nestjs/common';
import {
  HISTORY_MAX_LOSS,
  HISTORY_MIN_BATCHES,
  type LossHistory,
  type PlanningLoss,
  overageOf,
  seasonOf,
} from '#agronomy';
import type { CropSeasonOverage, LossHistoryFigure, SowingPlanOverageResponse } from '#contracts';
import { MatchingRepository } from './matching.repository.js';
import { MatchingStateReader } from './matching-state.js';

/** What the sowing plan sizes each crop and season with, beside the catalogue's figure (docs/agronomy.md). */
@Injectable()
export class SowingPlanService {
  constructor(
    private readonly state: MatchingStateReader,
    private readonly repository: MatchingRepository,
  ) {}

  /**
   * Per crop and sowing season: the catalogue's loss, the loss of the crop's closed batches (with
   * the causes), the one new sowings are sized with, and how many planned sowings it concerns.
   */
  async overage(): Promise<SowingPlanOverageResponse> {
    const losses = await this.state.planningLosses();
    const planned = new Map<string, number>();
    for (const { crop, sowDate } of await this.repository.plannedSowings(this.repository.reader)) {
      const key = `${crop}|${seasonOf(sowDate)}`;
      planned.set(key, (planned.get(key) ?? 0) + 1);
    }
    return {
      minBatches: HISTORY_MIN_BATCHES,
      maxLossShare: HISTORY_MAX_LOSS,
      crops: losses.map((loss) => toWire(loss, planned.get(`${loss.crop}|${loss.season}`) ?? 0)),
    };
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

function toWire(loss: PlanningLoss, plannedSowings: number): CropSeasonOverage {
  return {
    crop: loss.crop,
    season: loss.season,
    plannedSowings,
    catalogue: { lossShare: loss.catalogueLoss, overage: overageOf(loss.catalogueLoss) },
    seasonHistory: figure(loss.seasonHistory),
    allSeasonsHistory: figure(loss.allSeasonsHistory),
    basis: loss.basis,
    reason: loss.reason,
    used: { lossShare: loss.lossShare, overage: overageOf(loss.lossShare), limit: loss.limit },
  };
}
