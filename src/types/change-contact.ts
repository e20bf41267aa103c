import type { WeComChangeEventBase } from './base.js';

/**
 * 通讯录变更 change_contact (PROTOCOL.md §4.3; docs 90967/90970/90971/90972): FromUserName `sys`, no
 * AgentID. The `…Fields` interfaces are shared with the suite form (suite.ts), which carries the same
 * fields under SuiteId/AuthCorpId/InfoType.
 */

/** One custom attribute of a member: `Type` '0' has `Text`, '1' has `Web`. */
export interface ExtAttrItem {
  Name?: string;
  /** '0' text, '1' web. */
  Type?: string;
  Text?: { Value?: string };
  Web?: { Title?: string; Url?: string };
}

/** Member fields of create_user and update_user. */
export interface ChangeContactUserFields {
  UserID?: string;
  /** Third-party form only. */
  OpenUserID?: string;
  Name?: string;
  /** CSV of department ids, e.g. '1,2,3' (§4.0). */
  Department?: string;
  MainDepartment?: string;
  /** CSV aligned with Department, e.g. '1,0,0'. */
  IsLeaderInDept?: string;
  /** CSV of UserIDs, e.g. 'lisi,wangwu'. */
  DirectLeader?: string;
  Position?: string;
  Mobile?: string;
  /** '1' male, '2' female. */
  Gender?: string;
  Email?: string;
  /** Not sent to 代开发 apps (WxJava). */
  BizMail?: string;
  /** '1' active, '2' disabled, '4' not yet active (WxJava; user/get also has '5' left). */
  Status?: string;
  Avatar?: string;
  Alias?: string;
  Telephone?: string;
  Address?: string;
  /** `Item` is always an array, even with one attribute. */
  ExtAttr?: { Item?: ExtAttrItem[] };
}

export type ChangeContactCreateUserFields = ChangeContactUserFields;

export interface ChangeContactUpdateUserFields extends ChangeContactUserFields {
  /** Only when the UserID itself changed; `UserID` is then the old one. */
  NewUserID?: string;
}

export interface ChangeContactDeleteUserFields {
  UserID?: string;
  OpenUserID?: string;
}

export interface ChangeContactCreatePartyFields {
  Id?: string;
  Name?: string;
  ParentId?: string;
  Order?: string;
}

export interface ChangeContactUpdatePartyFields {
  Id?: string;
  Name?: string;
  ParentId?: string;
}

export interface ChangeContactDeletePartyFields {
  Id?: string;
}

export interface ChangeContactUpdateTagFields {
  TagId?: string;
  /** CSV of UserIDs. */
  AddUserItems?: string;
  DelUserItems?: string;
  /** CSV of department ids. */
  AddPartyItems?: string;
  DelPartyItems?: string;
}

export interface ChangeContactCreateUser extends WeComChangeEventBase<'change_contact', 'create_user'>, ChangeContactCreateUserFields {}
export interface ChangeContactUpdateUser extends WeComChangeEventBase<'change_contact', 'update_user'>, ChangeContactUpdateUserFields {}
export interface ChangeContactDeleteUser extends WeComChangeEventBase<'change_contact', 'delete_user'>, ChangeContactDeleteUserFields {}
export interface ChangeContactCreateParty extends WeComChangeEventBase<'change_contact', 'create_party'>, ChangeContactCreatePartyFields {}
export interface ChangeContactUpdateParty extends WeComChangeEventBase<'change_contact', 'update_party'>, ChangeContactUpdatePartyFields {}
export interface ChangeContactDeleteParty extends WeComChangeEventBase<'change_contact', 'delete_party'>, ChangeContactDeletePartyFields {}
export interface ChangeContactUpdateTag extends WeComChangeEventBase<'change_contact', 'update_tag'>, ChangeContactUpdateTagFields {}

export type ChangeContactEvent =
  | ChangeContactCreateUser
  | ChangeContactUpdateUser
  | ChangeContactDeleteUser
  | ChangeContactCreateParty
  | ChangeContactUpdateParty
  | ChangeContactDeleteParty
  | ChangeContactUpdateTag;
