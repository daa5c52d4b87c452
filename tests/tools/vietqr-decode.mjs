// Decodes VietQR payloads with the independent vietnam-qr-pay package, so the .NET tests can check that what our fake
// SePay QR service writes reads back as the transfer that was asked for.
// Usage: node vietqr-decode.mjs PAYLOAD...  Prints a JSON array, one object per payload, in order:
// { payload, isValid, version, initMethod, guid, service, bankBin, accountNumber, amount, currency, country, purpose, crc }
// (fields the payload lacks are null). Exit code 2 on bad usage.
import vietnamQrPay from 'vietnam-qr-pay'

const { QRPay } = vietnamQrPay
const payloads = process.argv.slice(2)
if (payloads.length === 0) {
  console.error('usage: node vietqr-decode.mjs PAYLOAD...')
  process.exit(2)
}

const orNull = (value) => (value === undefined ? null : value)
const decoded = payloads.map((payload) => {
  const qr = new QRPay(payload)
  return {
    payload,
    isValid: qr.isValid,
    version: orNull(qr.version),
    initMethod: orNull(qr.initMethod),
    guid: orNull(qr.provider.guid),
    service: orNull(qr.provider.service),
    bankBin: orNull(qr.consumer.bankBin),
    accountNumber: orNull(qr.consumer.bankNumber),
    amount: orNull(qr.amount),
    currency: orNull(qr.currency),
    country: orNull(qr.nation),
    purpose: orNull(qr.additionalData.purpose),
    crc: orNull(qr.crc),
  }
})
process.stdout.write(JSON.stringify(decoded) + '\n')
