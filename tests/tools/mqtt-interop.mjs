// Drives an MQTT 3.1.1 broker with the independent npm `mqtt` client (MQTT.js), so the .NET tests can check
// our broker against a client they did not write. Usage: node mqtt-interop.mjs <host> <port>
// A publisher leaves a retained message, a subscriber subscribes at QoS 1, then the publisher sends QoS 0 and
// QoS 1 (each QoS 1 publish resolves on the broker's PUBACK). Prints one JSON document:
// { "granted": [qos...], "received": [{ "topic", "payloadHex", "qos", "retain", "dup" }...] }.
import mqtt from 'mqtt'

const [host, port] = process.argv.slice(2)
if (!host || !port) {
  console.error('usage: node mqtt-interop.mjs <host> <port>')
  process.exit(2)
}

const url = `mqtt://${host}:${port}`
const options = (clientId) => ({ clientId, protocolVersion: 4, clean: true, reconnectPeriod: 0, connectTimeout: 10_000 })
const topic = 'speakers/NODE-1/notify'
const expected = 3
const hex = (buffer) => Buffer.from(buffer).toString('hex').toUpperCase()

const publisher = await mqtt.connectAsync(url, options('node-pub'))
const subscriber = await mqtt.connectAsync(url, options('node-sub'))
const received = []
const allReceived = new Promise((resolve) => {
  subscriber.on('message', (messageTopic, payload, packet) => {
    received.push({ topic: messageTopic, payloadHex: hex(payload), qos: packet.qos, retain: packet.retain, dup: packet.dup })
    if (received.length === expected) resolve()
  })
})

await publisher.publishAsync(topic, 'retained: volume 7', { qos: 1, retain: true })
const granted = await subscriber.subscribeAsync(topic, { qos: 1 })
await publisher.publishAsync(topic, Buffer.from([0x00, 0xff, ...Buffer.from('Đã nhận 10.000 đồng')]), { qos: 0 })
await publisher.publishAsync(topic, 'qos1: 1005000', { qos: 1 })
await allReceived

await Promise.all([publisher.endAsync(), subscriber.endAsync()])
process.stdout.write(JSON.stringify({ granted: granted.map((g) => g.qos), received }) + '\n')
