// Reads one amount per line on stdin and prints its Vietnamese reading per line, using the independent
// read-vietnamese-number package, so the .NET tests can compare our reader against it.
import { createInterface } from 'node:readline'
import { ReadingConfig, doReadNumber } from 'read-vietnamese-number'

const config = new ReadingConfig()
config.unit = ['đồng']
const out = []
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== '') out.push(doReadNumber(line.trim(), config))
}
process.stdout.write(out.join('\n') + '\n')
