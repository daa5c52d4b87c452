using SoundBoxSim.Device.Memory;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests.Memory;

public sealed class FileDeviceMemoryStoreTests
{
    [Fact]
    public void SaveThenLoad_InANewStore_ReturnsTheSameMemory()
    {
        var folder = RepoPaths.NewTempFolder("device-memory");
        new FileDeviceMemoryStore(folder).Save("VNS52508000001", new DeviceMemory("partner-a", 4, ["R1", "R2"]));

        var loaded = new FileDeviceMemoryStore(folder).Load("VNS52508000001");

        Assert.NotNull(loaded);
        Assert.Equal("partner-a", loaded.Partner);
        Assert.Equal(4, loaded.Volume);
        Assert.Equal(["R1", "R2"], loaded.PlayedRequestIds);
        Assert.True(File.Exists(Path.Combine(folder, "VNS52508000001.json")));
        Assert.False(File.Exists(Path.Combine(folder, "VNS52508000001.json.tmp")));
    }

    [Fact]
    public void Load_UnknownDevice_ReturnsNull()
    {
        Assert.Null(new FileDeviceMemoryStore(RepoPaths.NewTempFolder("device-memory")).Load("VNS52508000009"));
    }

    [Fact]
    public void Forget_RemovesTheFile_SoTheDeviceComesBackFresh_AndForgettingTwiceIsFine()
    {
        var folder = RepoPaths.NewTempFolder("device-memory");
        var store = new FileDeviceMemoryStore(folder);
        store.Save("VNS52508000001", new DeviceMemory("partner-a", 4, ["R1"]));
        store.Save("VNS52508000002", new DeviceMemory("partner-b", 2, []));

        store.Forget("VNS52508000001");
        store.Forget("VNS52508000001");

        Assert.Null(new FileDeviceMemoryStore(folder).Load("VNS52508000001"));
        Assert.Equal("partner-b", new FileDeviceMemoryStore(folder).Load("VNS52508000002")?.Partner);
    }

    [Fact]
    public void Load_CorruptFile_WarnsWithThePathAndStartsFresh()
    {
        var folder = RepoPaths.NewTempFolder("device-memory");
        File.WriteAllText(Path.Combine(folder, "VNS52508000001.json"), "{ not json");
        var warnings = new List<string>();

        var loaded = new FileDeviceMemoryStore(folder, warnings.Add).Load("VNS52508000001");

        Assert.Null(loaded);
        Assert.Contains(Path.Combine(folder, "VNS52508000001.json"), Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("VNS/1")]
    [InlineData("")]
    public void Save_SerialThatIsNotLettersAndDigits_IsRefused(string serial)
    {
        var store = new FileDeviceMemoryStore(RepoPaths.NewTempFolder("device-memory"));

        Assert.Throws<ArgumentException>(() => store.Save(serial, DeviceMemory.Fresh(3)));
    }
}
