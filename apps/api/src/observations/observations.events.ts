/**
 * `observation.changed`: the adviser wrote an observation, or someone marked one done. The live
 * gateway tells the staff and the advisers, so 今日工作 on a technician's phone in the same house
 * shows the adviser's note as it is saved.
 */
export interface ObservationChanged {
  readonly observationId: string;
  /** The house of its batch or alarm. */
  readonly zone: string | null;
  readonly ts: number;
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'observation.changed': ObservationChanged;
  }
}
