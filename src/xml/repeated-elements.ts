/**
 * Every element WeCom may repeat (PROTOCOL.md §4, the fields marked `*`, plus the reply shapes of
 * §3.4), as a jPath from the root `<xml>`. The parser turns each of them into an array even when it
 * occurs once, so `payload.MemChangeList.Item` is `string[]` whether one member joined or ten:
 * without this, one element gives a string and two give an array, and every handler would have to
 * guess.
 *
 * Any other element that happens to repeat still becomes an array (fast-xml-parser's default), so
 * nothing is lost; listing it here only makes the single-occurrence case consistent.
 *
 * Add a path here when WeCom documents a new repeated element; the types in src/types must then
 * declare it as an array.
 */
export const REPEATED_ELEMENT_PATHS: readonly string[] = [
  // §4.3 change_contact create_user / update_user (both the event form and the suite form: same root).
  'xml.ExtAttr.Item',

  // §4.2 pic_sysphoto / pic_photo_or_album / pic_weixin. Real payloads repeat PicList itself, once per
  // picture; callback-xml.parser.ts merges those into one PicList.
  'xml.SendPicsInfo.PicList.item',

  // §4.2 template_card_event. "OpitonIds" is a typo found in WeCom's own doc sample (§4.0); accept both.
  'xml.SelectedItems.SelectedItem',
  'xml.SelectedItems.SelectedItem.OptionIds.OptionId',
  'xml.SelectedItems.SelectedItem.OpitonIds.OptionId',

  // §4.2 open_approval_change.
  'xml.ApprovalInfo.ApprovalNodes.ApprovalNode',
  'xml.ApprovalInfo.ApprovalNodes.ApprovalNode.Items.Item',
  'xml.ApprovalInfo.NotifyNodes.NotifyNode',

  // §4.2 sys_approval_change (doc 91815). SpRecord, Details, Notifyer and Comments repeat without a
  // wrapper element ("implicit").
  'xml.ApprovalInfo.SpRecord',
  'xml.ApprovalInfo.SpRecord.Details',
  'xml.ApprovalInfo.SpRecord.Details.Attach',
  'xml.ApprovalInfo.Notifyer',
  'xml.ApprovalInfo.Comments',
  'xml.ApprovalInfo.Comments.Attach',
  'xml.ApprovalInfo.ProcessList.NodeList',
  'xml.ApprovalInfo.ProcessList.NodeList.SubNodeList',
  'xml.ApprovalInfo.ProcessList.NodeList.SubNodeList.MediaIds',

  // §4.2 kf_account_auth_change (implicit repeats at the root).
  'xml.AuthAddOpenKfId',
  'xml.AuthDelOpenKfId',

  // §4.2 doc_change (DocId*, FormId*) and smart_sheet_change (FieldId*, RecordId*). smart_sheet_change
  // lists DocId without `*`, but one path cannot be both: DocId is always an array.
  'xml.DocId',
  'xml.FormId',
  'xml.FieldId',
  'xml.RecordId',

  // §4.2 change_chain (上下游).
  'xml.GroupIds.GroupId',
  'xml.CorpIds.CorpId',

  // §4.4 change_external_chat update (both forms).
  'xml.MemChangeList.Item',

  // §4.5 license_pay_success / license_refund / auto_activate: one AccountList per account.
  'xml.AccountList',

  // §3.4 passive replies (so a reply we render parses back into the same shape, e.g. in the simulator).
  'xml.Articles.item',
  'xml.TemplateCard.ActionMenu.ActionList',
  'xml.TemplateCard.HorizontalContentList',
  'xml.TemplateCard.JumpList',
  // §3.4 names these tags for the interactive cards without a verified sample; arrays if they occur.
  'xml.TemplateCard.ButtonList.Button',
  'xml.TemplateCard.CheckBox.OptionList.Option',
];
