// An independent reference for SePay's webhook signature, using only node's crypto, so the .NET tests can check
// HmacSigner against it. Usage: node hmac-sign.mjs vectors.json
// vectors.json is an array of {"secret": string, "timestamp": string, "bodyBase64": string}; prints one
// X-SePay-Signature value per vector, in order: "sha256=" + hex(HMAC-SHA256(utf8(secret), timestamp + "." + body)).
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'

const file = process.argv[2]
if (!file) {
  process.stderr.write('usage: node hmac-sign.mjs vectors.json\n')
  process.exit(2)
}

const out = []
for (const { secret, timestamp, bodyBase64 } of JSON.parse(readFileSync(file, 'utf8'))) {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'))
  mac.update(Buffer.from(`${timestamp}.`, 'utf8'))
  mac.update(Buffer.from(bodyBase64, 'base64'))
  out.push('sha256=' + mac.digest('hex'))
}
process.stdout.write(out.join('\n') + '\n')
