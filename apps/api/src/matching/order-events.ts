/** Domain events of orders and batches; the live gateway pushes them to the rooms that may see them. */
export interface OrderChanged {
  readonly orderId: string;
  /**
   * The buyer's USER account id (null when the buyer has no account): the live gateway's buyer rooms
   * are keyed by the socket's user id. The buyer record id is `buyerRecordId`.
   */
  readonly buyerId: string | null;
  readonly buyerRecordId: string;
  /** The order's summary status, or the line status that changed (`short`, `confirmed`...). */
  readonly status: string;
}

export interface BatchChanged {
  readonly batchId: string;
  readonly zone: string;
  /** USER account ids of the buyers whose lines the batch serves: they get the id, nothing else. */
  readonly buyerUserIds?: readonly string[];
}

declare module '../common/domain-events.js' {
  interface DomainEventMap {
    'order.changed': OrderChanged;
    'batch.changed': BatchChanged;
  }
}
