import { Tag } from '../constants';
import type { FixBody, FixField } from '../fix-field';
import type { FixMessage } from '../fix-message';
import { push, pushBoolean, requiredInt, requiredString } from './required';

/** 35=A. Client sends 98=0, 108, 141=Y, 553 (API key id), 554 (signature), 1137=9; TrueX acks with 108, 1137. */
export interface Logon {
  heartBtInt: number;
  encryptMethod?: number;
  resetSeqNumFlag?: boolean;
  username?: string;
  password?: string;
  defaultApplVerId?: string;
  sessionStatus?: number;
  text?: string;
}

export function buildLogon(msg: Logon): FixBody {
  const out: FixField[] = [];
  push(out, Tag.EncryptMethod, msg.encryptMethod);
  push(out, Tag.HeartBtInt, msg.heartBtInt);
  pushBoolean(out, Tag.ResetSeqNumFlag, msg.resetSeqNumFlag);
  push(out, Tag.Username, msg.username);
  push(out, Tag.Password, msg.password);
  push(out, Tag.DefaultApplVerID, msg.defaultApplVerId);
  push(out, Tag.SessionStatus, msg.sessionStatus);
  push(out, Tag.Text, msg.text);
  return out;
}

export function readLogon(m: FixMessage): Logon {
  return {
    heartBtInt: requiredInt(m, Tag.HeartBtInt),
    encryptMethod: m.getInt(Tag.EncryptMethod),
    resetSeqNumFlag: m.getBoolean(Tag.ResetSeqNumFlag),
    username: m.get(Tag.Username),
    password: m.get(Tag.Password),
    defaultApplVerId: m.get(Tag.DefaultApplVerID),
    sessionStatus: m.getInt(Tag.SessionStatus),
    text: m.get(Tag.Text),
  };
}

/** 35=0; carries 112 when answering a TestRequest. */
export interface Heartbeat {
  testReqId?: string;
}

export function buildHeartbeat(msg: Heartbeat = {}): FixBody {
  const out: FixField[] = [];
  push(out, Tag.TestReqID, msg.testReqId);
  return out;
}

export function readHeartbeat(m: FixMessage): Heartbeat {
  return { testReqId: m.get(Tag.TestReqID) };
}

/** 35=1; TrueX uses `TEST-<SenderCompID>`. */
export interface TestRequest {
  testReqId: string;
}

export function buildTestRequest(msg: TestRequest): FixBody {
  return [[Tag.TestReqID, msg.testReqId]];
}

export function readTestRequest(m: FixMessage): TestRequest {
  return { testReqId: requiredString(m, Tag.TestReqID) };
}

/** 35=2; endSeqNo 0 means "to infinity". */
export interface ResendRequest {
  beginSeqNo: number;
  endSeqNo: number;
}

export function buildResendRequest(msg: ResendRequest): FixBody {
  return [
    [Tag.BeginSeqNo, String(msg.beginSeqNo)],
    [Tag.EndSeqNo, String(msg.endSeqNo)],
  ];
}

export function readResendRequest(m: FixMessage): ResendRequest {
  return { beginSeqNo: requiredInt(m, Tag.BeginSeqNo), endSeqNo: requiredInt(m, Tag.EndSeqNo) };
}

/** 35=4; gapFillFlag Y replaces skipped application messages during a resend. */
export interface SequenceReset {
  newSeqNo: number;
  gapFillFlag?: boolean;
}

export function buildSequenceReset(msg: SequenceReset): FixBody {
  const out: FixField[] = [];
  pushBoolean(out, Tag.GapFillFlag, msg.gapFillFlag);
  push(out, Tag.NewSeqNo, msg.newSeqNo);
  return out;
}

export function readSequenceReset(m: FixMessage): SequenceReset {
  return { newSeqNo: requiredInt(m, Tag.NewSeqNo), gapFillFlag: m.getBoolean(Tag.GapFillFlag) };
}

/** 35=3 session-level Reject, e.g. `373=8|58=Authentication failed` or `58=Invalid tag (448)`. */
export interface SessionReject {
  refSeqNum: number;
  refTagId?: number;
  refMsgType?: string;
  sessionRejectReason?: number;
  text?: string;
}

export function buildSessionReject(msg: SessionReject): FixBody {
  const out: FixField[] = [];
  push(out, Tag.RefSeqNum, msg.refSeqNum);
  push(out, Tag.RefTagID, msg.refTagId);
  push(out, Tag.RefMsgType, msg.refMsgType);
  push(out, Tag.SessionRejectReason, msg.sessionRejectReason);
  push(out, Tag.Text, msg.text);
  return out;
}

export function readSessionReject(m: FixMessage): SessionReject {
  return {
    refSeqNum: requiredInt(m, Tag.RefSeqNum),
    refTagId: m.getInt(Tag.RefTagID),
    refMsgType: m.get(Tag.RefMsgType),
    sessionRejectReason: m.getInt(Tag.SessionRejectReason),
    text: m.get(Tag.Text),
  };
}

/** 35=5; TrueX times sessions out with `1409=4|58=goodbye`. */
export interface Logout {
  sessionStatus?: number;
  text?: string;
}

export function buildLogout(msg: Logout = {}): FixBody {
  const out: FixField[] = [];
  push(out, Tag.SessionStatus, msg.sessionStatus);
  push(out, Tag.Text, msg.text);
  return out;
}

export function readLogout(m: FixMessage): Logout {
  return { sessionStatus: m.getInt(Tag.SessionStatus), text: m.get(Tag.Text) };
}

/** 35=j; 380=8 is the throttle code. */
export interface BusinessMessageReject {
  refSeqNum?: number;
  refMsgType: string;
  businessRejectRefId?: string;
  businessRejectReason: number;
  text?: string;
}

export function buildBusinessMessageReject(msg: BusinessMessageReject): FixBody {
  const out: FixField[] = [];
  push(out, Tag.RefSeqNum, msg.refSeqNum);
  push(out, Tag.RefMsgType, msg.refMsgType);
  push(out, Tag.BusinessRejectRefID, msg.businessRejectRefId);
  push(out, Tag.BusinessRejectReason, msg.businessRejectReason);
  push(out, Tag.Text, msg.text);
  return out;
}

export function readBusinessMessageReject(m: FixMessage): BusinessMessageReject {
  return {
    refSeqNum: m.getInt(Tag.RefSeqNum),
    refMsgType: requiredString(m, Tag.RefMsgType),
    businessRejectRefId: m.get(Tag.BusinessRejectRefID),
    businessRejectReason: requiredInt(m, Tag.BusinessRejectReason),
    text: m.get(Tag.Text),
  };
}
