import type { WeComEventBase } from './base.js';

/**
 * Approval events (PROTOCOL.md §4.2). Repeated elements are arrays even when single; see
 * src/xml/repeated-elements.ts for the paths.
 */

// ── open_approval_change (审批流程引擎, third-party approval flows) ──────────────────────────────

/** A person on an approval node. The doc spells the id both `ItemUserId` and `ItemUserid` (§4.0). */
export interface OpenApprovalNodeItem {
  ItemName?: string;
  ItemUserId?: string;
  ItemUserid?: string;
  ItemParty?: string;
  ItemImage?: string;
  ItemStatus?: string;
  ItemSpeech?: string;
  ItemOpTime?: string;
}

export interface OpenApprovalNode {
  NodeStatus?: string;
  NodeAttr?: string;
  NodeType?: string;
  Items?: { Item?: OpenApprovalNodeItem[] };
}

export interface OpenApprovalNotifyNode {
  ItemName?: string;
  ItemUserId?: string;
  ItemUserid?: string;
  ItemParty?: string;
  ItemImage?: string;
}

export interface OpenApprovalInfo {
  ThirdNo?: string;
  OpenSpName?: string;
  OpenTemplateId?: string;
  /** '1' in progress, '2' approved, '3' rejected, '4' cancelled. */
  OpenSpStatus?: string;
  ApplyTime?: string;
  ApplyUserName?: string;
  ApplyUserId?: string;
  ApplyUserParty?: string;
  ApplyUserImage?: string;
  ApprovalNodes?: { ApprovalNode?: OpenApprovalNode[] };
  NotifyNodes?: { NotifyNode?: OpenApprovalNotifyNode[] };
  /** Spelled `approverstep` in one doc sample (§4.0). */
  ApproverStep?: string;
  approverstep?: string;
}

export interface OpenApprovalChangeEvent extends WeComEventBase<'open_approval_change'> {
  ApprovalInfo?: OpenApprovalInfo;
}

// ── sys_approval_change (审批应用, doc 91815) ─────────────────────────────────────────────────────
// "Applyer", "Notifyer", "StatuChangeEvent" and "Sptime" are WeCom's own spellings.

export interface SysApprovalUser {
  UserId?: string;
}

export interface SysApprovalApplyer {
  UserId?: string;
  Party?: string;
}

export interface SysApprovalDetail {
  Approver?: SysApprovalUser;
  Speech?: string;
  SpStatus?: string;
  SpTime?: string;
  /** Media ids of attachments. */
  Attach?: string[];
}

export interface SysApprovalSpRecord {
  SpStatus?: string;
  /** '1' 或签 (any one approves), '2' 会签 (all approve). */
  ApproverAttr?: string;
  Details?: SysApprovalDetail[];
}

export interface SysApprovalComment {
  CommentUserInfo?: SysApprovalUser;
  CommentTime?: string;
  CommentContent?: string;
  CommentId?: string;
  Attach?: string[];
}

export interface SysApprovalSubNode {
  UserInfo?: SysApprovalUser;
  Speech?: string;
  SpYj?: string;
  Sptime?: string;
  MediaIds?: string[];
}

export interface SysApprovalNode {
  NodeType?: string;
  SpStatus?: string;
  ApvRel?: string;
  SubNodeList?: SysApprovalSubNode[];
}

export interface SysApprovalInfo {
  SpNo?: string;
  SpName?: string;
  /**
   * '1' in progress, '2' approved, '3' rejected, '4' withdrawn, '6' withdrawn after approval,
   * '7' deleted, '10' paid — from memory of doc 91815 (PROTOCOL.md §6), verify before relying on it.
   */
  SpStatus?: string;
  TemplateId?: string;
  ApplyTime?: string;
  Applyer?: SysApprovalApplyer;
  SpRecord?: SysApprovalSpRecord[];
  Notifyer?: SysApprovalUser[];
  Comments?: SysApprovalComment[];
  ProcessList?: { NodeList?: SysApprovalNode[] };
  /** What changed (code list unverified, §6). */
  StatuChangeEvent?: string;
}

export interface SysApprovalChangeEvent extends WeComEventBase<'sys_approval_change'> {
  ApprovalInfo?: SysApprovalInfo;
}
