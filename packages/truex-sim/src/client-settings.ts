/** REST `info.self_trade_prevention` values (REST.md §3.2); stored and echoed, not applied by the matching model. */
export const SELF_TRADE_PREVENTION = ['NONE', 'CANCEL_AGGRESSIVE', 'CANCEL_BOTH'] as const;
export type SelfTradePrevention = (typeof SELF_TRADE_PREVENTION)[number];

/** Per-client (PartyID) venue settings, as REST's client object shows and PATCH changes them. */
export interface ClientSettings {
  /**
   * Cancel the client's resting orders when the FIX session they were entered on ends (README §3.9, REST.md §3.2:
   * a per-client flag `cancel_on_disconnect`, seen only in third-party code).
   */
  readonly cancelOnDisconnect: boolean;
  readonly selfTradePrevention: SelfTradePrevention;
}

/** The venue's per-client settings; clients never changed get the defaults. */
export class ClientSettingsStore {
  private readonly byClient = new Map<string, ClientSettings>();
  private readonly defaults: ClientSettings;

  constructor(defaults: { cancelOnDisconnect?: boolean } = {}) {
    // Cancel on disconnect off by default: a guess (README §11 q9); TrueX's default is unknown.
    this.defaults = { cancelOnDisconnect: defaults.cancelOnDisconnect ?? false, selfTradePrevention: 'NONE' };
  }

  get(clientId: string): ClientSettings {
    return this.byClient.get(clientId) ?? this.defaults;
  }

  update(clientId: string, change: Partial<ClientSettings>): ClientSettings {
    const next = { ...this.get(clientId), ...definedOnly(change) };
    this.byClient.set(clientId, next);
    return next;
  }
}

function definedOnly(change: Partial<ClientSettings>): Partial<ClientSettings> {
  const out: { cancelOnDisconnect?: boolean; selfTradePrevention?: SelfTradePrevention } = {};
  if (change.cancelOnDisconnect !== undefined) out.cancelOnDisconnect = change.cancelOnDisconnect;
  if (change.selfTradePrevention !== undefined) out.selfTradePrevention = change.selfTradePrevention;
  return out;
}
