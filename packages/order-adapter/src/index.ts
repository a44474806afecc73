export type { ClOrdIdCounterStore, ClOrdIdGeneratorOptions } from './cl-ord-id-generator';
export { ClOrdIdGenerator, MAX_CLORDID_LENGTH } from './cl-ord-id-generator';
export type { OrderState } from './order-state';
export {
  ORDER_STATES,
  ORDER_TRANSITIONS,
  canTransition,
  formatTransitionTable,
  isPending,
  isTerminal,
} from './order-state';
export type { FixSender } from './fix-sender';
export type { Fill, FillFee, OrderSide, StatusNeededReason, TrackedOrder } from './tracked-order';
export type { ExecIdWindowOptions } from './exec-id-window';
export { ExecIdWindow } from './exec-id-window';
export type { CancelRetryPolicy } from './cancel-retry';
export type {
  AdoptedOrder,
  CancelAllResult,
  CancelBudget,
  CancelRetry,
  ExecutionAnomaly,
  ExecutionAnomalyKind,
  StatusRequest,
  VenueOrderStatus,
  VenueStatusResult,
} from './venue-truth';
export { OrderAdapterError } from './order-adapter-error';
export type { OrderAdapterCounters, OrderAdapterOptions, RequestFailureReason } from './order-adapter';
export { OrderAdapter } from './order-adapter';
