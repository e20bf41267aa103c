// Boots the app on a free loopback port, sends one signed, encrypted text message with the package's
// own public crypto, and prints what came back as one JSON line for the spec to check.
const keys = { corpId: 'wx5823bf96d3bd56c7', token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

async function runProbe(wecom, createApp, nestVersion, entry) {
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  try {
    const { port } = app.getHttpServer().address();
    const crypto = new wecom.WeComCrypto(keys);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '424242';
    const plaintext = wecom.toXml({ ToUserName: keys.corpId, FromUserName: 'u1', CreateTime: Number(timestamp), MsgType: 'text', Content: 'hi', MsgId: '1' });
    const encrypt = crypto.encrypt(plaintext, keys.corpId);
    const url = `http://127.0.0.1:${port}/wecom/callback?msg_signature=${crypto.sign(timestamp, nonce, encrypt)}&timestamp=${timestamp}&nonce=${nonce}`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: wecom.toXml({ Encrypt: encrypt }) });
    const body = await res.text();
    const reply = wecom.parseCallbackXml(body);
    const opened = crypto.decrypt(reply.Encrypt, keys.corpId);
    console.log(JSON.stringify({ nestVersion, entry, status: res.status, reply: wecom.parseCallbackXml(opened.message).Content }));
  } finally {
    await app.close();
  }
}
runProbe.keys = keys;
module.exports = { runProbe };
