/** `nestjs-wecom help`. Kept next to the parser so a new flag is documented where it is added. */
export const USAGE = `nestjs-wecom: talk to your WeCom callback endpoint exactly as WeCom does.

Usage:
  nestjs-wecom verify                                  URL verification (the GET WeCom sends when you save the URL)
  nestjs-wecom send text [content]                     a text message (default "hello")
  nestjs-wecom send <image|voice|video|location|link>  another message type
  nestjs-wecom send event <Event> [ChangeType]         an event, e.g. "send event click --field EventKey=menu_1"
                                                       or "send event change_contact create_party --field Id=2"
  nestjs-wecom send info <InfoType> [ChangeType]       a third-party instruction callback, e.g. "send info suite_ticket"
  nestjs-wecom send raw <file.xml | ->                 a plaintext callback XML of your own (- reads stdin)
  nestjs-wecom send bot text [content]                 an AI bot message (JSON); a streamed answer is followed
                                                       with refresh polls until it finishes, as WeCom does
  nestjs-wecom send bot <image|mixed|voice|file|video> another AI bot message type
  nestjs-wecom send bot event <eventtype>              an AI bot event: enter_chat, template_card_event, feedback_event …
  nestjs-wecom send bot stream <id>                    one refresh poll of a streamed answer
  nestjs-wecom verify bot                              the URL verification of an AI bot's URL (receiveid "")
  nestjs-wecom templates                               every message, event, InfoType and bot callback that has a template

Options:
  --url <url>              callback URL (default http://localhost:3000/wecom/callback, where "npm run sample" listens;
                           for "bot" commands http://localhost:3000/wecom/bot, the sample's AI bot)
  --corp-id <id>           CorpID          (env WECOM_CORP_ID)
  --token <token>          callback Token  (env WECOM_TOKEN; for "bot" commands WECOM_BOT_TOKEN)
  --aes-key <key>          EncodingAESKey  (env WECOM_AES_KEY; for "bot" commands WECOM_BOT_AES_KEY)
  --agent-id <id>          AgentID         (env WECOM_AGENT_ID)
  --receive-id <id>        receiveid inside the ciphertext (default the CorpID; the SuiteID for "send info")
  --from <userid>          FromUserName of messages and member events (default zhangsan)
  --field <Name=value>     set a field of the plaintext; repeatable; Parent.Child=value for nested ones,
                           the same Name twice makes a list; Name= sends it empty
  --repeat <n>             send the same request n times (same MsgId, timestamp, nonce: as WeCom's retries)
  --concurrency <c>        with --repeat: how many at once (default 1)
  --timeout <ms>           per request (default 10000)
  --verbose                also print the plaintext sent and the reply plaintext
  --no-follow              AI bot: show the first frame of a streamed answer and stop (no refresh polls)
  --poll-interval <ms>     AI bot: pause between refresh polls (default 300)
  --help                   this text

Without credentials it uses the sample's demo settings (WeCom's documented example keys), so
"npm run sample" in one terminal and "npm run wecom -- send text hi" in another just work (in your
own app, where the package is installed: "npx nestjs-wecom send text hi").
Exit codes: 0 success, 1 refused or failed, 2 wrong command line.`;
