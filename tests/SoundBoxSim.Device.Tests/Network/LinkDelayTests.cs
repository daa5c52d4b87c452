using SoundBoxSim.Device.Network;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests.Network;

public sealed class LinkDelayTests
{
    [Fact]
    public void NoImpairment_RunsAtOnceOnTheCallersThread()
    {
        var time = new ManualTimeProvider();
        var delay = new LinkDelay(time, new CellularLink());
        var ran = false;

        delay.Post(() => ran = true);

        Assert.True(ran);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public void Latency_DelaysByThatMuch()
    {
        var time = new ManualTimeProvider();
        var link = new CellularLink();
        link.SetImpairment(TimeSpan.FromMilliseconds(300), 0);
        var delay = new LinkDelay(time, link);
        var ran = false;

        delay.Post(() => ran = true);
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(ran);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(ran);
    }

    [Fact]
    public void Loss_RetransmitsLate_ButNeverReorders()
    {
        var time = new ManualTimeProvider();
        var draws = new Queue<double>([0.0, 0.9, 0.9]); // the first message is lost once, the others are not
        var link = new CellularLink(random: () => draws.Dequeue());
        link.SetImpairment(TimeSpan.FromMilliseconds(50), 0.5);
        var delay = new LinkDelay(time, link);
        var order = new List<int>();

        delay.Post(() => order.Add(1));
        delay.Post(() => order.Add(2));
        delay.Post(() => order.Add(3));
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Empty(order);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([1, 2, 3], order);
    }

    [Theory]
    [InlineData(-1, 0.0)]
    [InlineData(61_000, 0.0)]
    [InlineData(0, 1.5)]
    public void SetImpairment_OutOfRange_Throws(int latencyMs, double loss)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CellularLink().SetImpairment(TimeSpan.FromMilliseconds(latencyMs), loss));
    }

    [Fact]
    public void SetSignal_RaisesAvailabilityOnlyWhenItChanges()
    {
        var link = new CellularLink(signal: 4);
        var changes = new List<bool>();
        link.AvailabilityChanged += (_, up) => changes.Add(up);

        link.SetSignal(2);
        link.SetSignal(0);
        link.SetSignal(0);
        link.SetSignal(5);

        Assert.Equal([false, true], changes);
        Assert.Throws<ArgumentOutOfRangeException>(() => link.SetSignal(6));
    }
}
