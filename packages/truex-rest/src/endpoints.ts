import type { TrueXApiGeneration } from './config';
import { TrueXRestError } from './errors';

/**
 * Plural paths are the documented ones since v1.0.3 (2026-01-27) on both generations; the singular ones are the
 * deprecated legacy spellings the official Python still uses (REST.md §3). `/v1/cefi/X` = `/api/v1/X` is inferred.
 */
export type TrueXPathStyle = 'plural' | 'singular';

export interface TrueXEndpointPaths {
  readonly clients: string;
  readonly instruments: string;
  readonly balances: string;
  readonly activeOrders: string;
  orderStatus(refId: string): string;
  order(refId: string): string;
}

export function endpointPaths(style: TrueXPathStyle, generation: TrueXApiGeneration): TrueXEndpointPaths {
  if (style === 'singular' && generation === 'cefi') {
    throw new TrueXRestError('INVALID_ARGUMENT', 'singular paths exist only on the legacy /api/v1 API');
  }
  const ref = (id: string): string => encodeURIComponent(id);
  if (style === 'singular') {
    return {
      clients: '/client',
      instruments: '/instrument',
      balances: '/balance',
      activeOrders: '/order/active',
      orderStatus: (id) => `/order/status/${ref(id)}`,
      order: (id) => `/order/${ref(id)}`,
    };
  }
  return {
    clients: '/clients',
    instruments: '/instruments',
    balances: '/balances',
    activeOrders: '/orders/active',
    orderStatus: (id) => `/orders/status/${ref(id)}`,
    order: (id) => `/orders/${ref(id)}`,
  };
}
