// Reads the QR code in PNG images with independent packages (pngjs decodes the PNG, jsqr finds and decodes the QR
// code), so the .NET tests can check that our fake SePay QR service's images scan back to the payload.
// Usage: node qr-png-decode.mjs FILE.png...  Prints a JSON array, one object per file, in order:
// { file, width, height, text } where text is null when no QR code was found. Exit code 1 when a file is not a PNG
// pngjs can read, 2 on bad usage.
import { readFileSync } from 'node:fs'
import jsQR from 'jsqr'
import pngjs from 'pngjs'

const { PNG } = pngjs
const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: node qr-png-decode.mjs FILE.png...')
  process.exit(2)
}

const results = []
for (const file of files) {
  let png
  try {
    png = PNG.sync.read(readFileSync(file))
  } catch (error) {
    console.error(`${file}: not a readable PNG: ${error.message}`)
    process.exit(1)
  }
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
  results.push({ file, width: png.width, height: png.height, text: code ? code.data : null })
}
process.stdout.write(JSON.stringify(results) + '\n')
