// Boots the app on a free loopback port, sends one signed, encrypted text message with the package's
// own public crypto, and prints what came back as one JSON line for the spec to check. The app mounts
// its callbacks behind `setGlobalPrefix('api')` (useGlobalPrefix) and has an AI bot, whose malformed
// JSON must meet the module's own refusal, not Nest's JSON parser: both depend on how Nest 11 and 12
// register their body parsers and prefix, which this probe checks on the real thing.
const keys = { corpId: 'wx5823bf96d3bd56c7', token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const options = {
  apps: [
    { name: 'default', path: '/wecom/callback', ...keys },
    { kind: 'bot', name: 'bot', path: '/wecom/bot', token: keys.token, encodingAESKey: keys.encodingAESKey },
  ],
  useGlobalPrefix: true,
};

async function runProbe(wecom, createApp, nestVersion, entry) {
  const app = await createApp();
  app.setGlobalPrefix('api');
  await app.listen(0, '127.0.0.1');
  try {
    const { port } = app.getHttpServer().address();
    const crypto = new wecom.WeComCrypto(keys);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '424242';
    const plaintext = wecom.toXml({ ToUserName: keys.corpId, FromUserName: 'u1', CreateTime: Number(timestamp), MsgType: 'text', Content: 'hi', MsgId: '1' });
    const encrypt = crypto.encrypt(plaintext, keys.corpId);
    const url = `http://127.0.0.1:${port}/api/wecom/callback?msg_signature=${crypto.sign(timestamp, nonce, encrypt)}&timestamp=${timestamp}&nonce=${nonce}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: wecom.toXml({ Encrypt: encrypt }) });
    const body = await res.text();
    const reply = wecom.parseCallbackXml(body);
    const opened = crypto.decrypt(reply.Encrypt, keys.corpId);
    const malformed = await fetch(`http://127.0.0.1:${port}/api/wecom/bot?msg_signature=x&timestamp=1&nonce=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"encrypt":',
    });
    console.log(
      JSON.stringify({
        nestVersion,
        entry,
        status: res.status,
        reply: wecom.parseCallbackXml(opened.message).Content,
        malformedJson: { status: malformed.status, body: await malformed.json() },
      }),
    );
  } finally {
    await app.close();
  }
}
runProbe.options = options;
module.exports = { runProbe };
