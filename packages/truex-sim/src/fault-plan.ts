import { RejectText } from './order-entry-rules';

/** Faults a test can inject; see TrueXSimulator.faults. */
export interface TrueXSimulatorFaults {
  /** Assigns the next `n` (default 1) outbound messages a sequence number but never writes them: a gap at the client. */
  dropNextOutbound(n?: number): void;
  /** Drops every connection without a Logout (sessions stay registered until the socket closes). */
  disconnectAll(): void;
  /** Adds `ms` to the ack latency of every order, cancel and replace from now on (0 restores it). */
  delayAcks(ms: number): void;
  /** Rejects the next `n` new orders before acceptance (37=NONE) with `text` (default "Insufficient balance"). */
  rejectNextOrders(n: number, text?: string): void;
  /** Sends the next outbound application message twice, the second copy with PossDupFlag 43=Y. */
  duplicateNextWithPossDup(): void;
}

/** The fault state sessions and the venue consume; I/O-free, so the TCP layer adds only disconnectAll. */
export class FaultPlan {
  private dropsLeft = 0;
  private rejectsLeft = 0;
  private rejectText: string = RejectText.insufficientBalance;
  private duplicatePending = false;
  extraAckDelayMs = 0;
  /** While true, sessions never answer a ResendRequest (the message is consumed, nothing is sent). */
  ignoringResendRequests = false;

  ignoreResendRequests(on: boolean): void {
    this.ignoringResendRequests = on;
  }

  dropNextOutbound(n = 1): void {
    this.dropsLeft += Math.max(0, Math.floor(n));
  }

  delayAcks(ms: number): void {
    this.extraAckDelayMs = Math.max(0, ms);
  }

  rejectNextOrders(n: number, text?: string): void {
    this.rejectsLeft = Math.max(0, Math.floor(n));
    this.rejectText = text ?? RejectText.insufficientBalance;
  }

  duplicateNextWithPossDup(): void {
    this.duplicatePending = true;
  }

  /** True if this outbound message must be swallowed. */
  takeDrop(): boolean {
    if (this.dropsLeft === 0) return false;
    this.dropsLeft--;
    return true;
  }

  /** The reject text if this new order must be rejected. */
  takeReject(): string | undefined {
    if (this.rejectsLeft === 0) return undefined;
    this.rejectsLeft--;
    return this.rejectText;
  }

  takeDuplicate(): boolean {
    const pending = this.duplicatePending;
    this.duplicatePending = false;
    return pending;
  }
}
