using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Tests.Internal;

public sealed class MessageQueueTests
{
    [Fact]
    public void Enqueue_UnderCapacity_KeepsOrderWithoutDrops()
    {
        var sut = CreateSut(capacity: 100);

        var dropped = Enumerable.Range(0, 100).Select(i => sut.Enqueue(Message(i, i % 2))).ToList();

        Assert.DoesNotContain(true, dropped);
        Assert.Equal(Enumerable.Range(0, 100), Drain(sut));
    }

    [Fact]
    public void Enqueue_Full_DropsOldestQoS0()
    {
        var sut = CreateSut(capacity: 4);
        sut.Enqueue(Message(0, 1));
        sut.Enqueue(Message(1, 0));
        sut.Enqueue(Message(2, 1));
        sut.Enqueue(Message(3, 0));

        Assert.True(sut.Enqueue(Message(4, 1)));

        Assert.Equal([0, 2, 3, 4], Drain(sut));
    }

    [Fact]
    public void Enqueue_FullOfQoS1AndNewIsQoS0_DropsTheNewOne()
    {
        var sut = CreateSut(capacity: 2);
        sut.Enqueue(Message(0, 1));
        sut.Enqueue(Message(1, 1));

        Assert.True(sut.Enqueue(Message(2, 0)));

        Assert.Equal([0, 1], Drain(sut));
    }

    [Fact]
    public void Enqueue_FullOfQoS1_DropsOldest()
    {
        var sut = CreateSut(capacity: 2);
        sut.Enqueue(Message(0, 1));
        sut.Enqueue(Message(1, 2));

        Assert.True(sut.Enqueue(Message(2, 1)));

        Assert.Equal([1, 2], Drain(sut));
    }

    [Fact]
    public void Enqueue_WrappedRingWithDrops_MatchesASimpleListModel()
    {
        var random = new Random(42);
        var sut = CreateSut(capacity: 7);
        var model = new List<QueuedMessage>();
        for (var i = 0; i < 10_000; i++)
        {
            if (random.Next(3) == 0 && model.Count > 0)
            {
                Assert.Equal(model[0], sut.Dequeue());
                model.RemoveAt(0);
                continue;
            }

            var message = Message(i, random.Next(3));
            var expectDrop = model.Count == 7;
            if (expectDrop)
            {
                var oldestQoS0 = model.FindIndex(m => m.QoS == QualityOfService.AtMostOnce);
                if (oldestQoS0 >= 0)
                {
                    model.RemoveAt(oldestQoS0);
                    model.Add(message);
                }
                else if (message.QoS != QualityOfService.AtMostOnce)
                {
                    model.RemoveAt(0);
                    model.Add(message);
                }
            }
            else
            {
                model.Add(message);
            }

            Assert.Equal(expectDrop, sut.Enqueue(message));
            Assert.Equal(model.Count, sut.Count);
        }

        Assert.Equal(model.Select(m => Id(m)), Drain(sut));
    }

    [Fact]
    public void Dequeue_Empty_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => CreateSut(capacity: 1).Dequeue());
    }

    private static MessageQueue CreateSut(int capacity) => new(capacity);

    private static QueuedMessage Message(int id, int qos) =>
        new(new PublishPacket("t", BitConverter.GetBytes(id)) { QoS = (QualityOfService)qos, PacketId = 0 }, (QualityOfService)qos);

    private static int Id(QueuedMessage message) => BitConverter.ToInt32(message.Packet.Payload.Span);

    private static List<int> Drain(MessageQueue queue)
    {
        var ids = new List<int>();
        while (queue.TryPeek(out _))
        {
            ids.Add(Id(queue.Dequeue()));
        }

        return ids;
    }
}
