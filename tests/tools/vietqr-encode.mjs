// Builds VietQR payloads with the independent vietnam-qr-pay package, so the .NET tests can compare our payloads with
// another implementation's, character for character.
// Usage: node vietqr-encode.mjs JSON  where JSON is an array of { bankBin, accountNumber, amount, purpose } (amount
// and purpose are strings or null). Prints a JSON array of the payloads, in order. Exit code 2 on bad usage.
import vietnamQrPay from 'vietnam-qr-pay'

const { QRPay } = vietnamQrPay
if (process.argv.length !== 3) {
  console.error('usage: node vietqr-encode.mjs JSON')
  process.exit(2)
}

const transfers = JSON.parse(process.argv[2])
const payloads = transfers.map((t) =>
  QRPay.initVietQR({
    bankBin: t.bankBin,
    bankNumber: t.accountNumber,
    amount: t.amount ?? undefined,
    purpose: t.purpose ?? undefined,
  }).build(),
)
process.stdout.write(JSON.stringify(payloads) + '\n')
