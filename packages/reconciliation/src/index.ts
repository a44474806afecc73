export {
  Reconciler,
  type ReconcilerOptions,
  type ReconciliationKind,
  type ReconciliationDifference,
  type ReconciliationReport,
  type ReconciliationStatus,
  type StoredOrderState,
} from './reconciler';
export type { VenueGateway, VenueOrder } from './venue-gateway';
