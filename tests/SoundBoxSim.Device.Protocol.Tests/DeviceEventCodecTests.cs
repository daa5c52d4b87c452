using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Device.Protocol.Tests;

public sealed class DeviceEventCodecTests
{
    private static readonly DateTimeOffset At = EventKind.At;

    public static TheoryData<string> Messages => [.. EventKind.All.Select(k => k.Message)];

    [Fact]
    public void Write_Status_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new DeviceStatus("VNS52508000001", "S5 Plus", true, "idle", "1.4.2", At)),
        """{"serial":"VNS52508000001","model":"S5 Plus","online":true,"state":"idle","firmware":"1.4.2","at":"2026-11-22T04:00:00.000Z"}""");

    [Fact]
    public void Write_Telemetry_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new DeviceTelemetry("VNS52508000001", At, "idle", 87.5, true, true, 4, 3, true, "partner-demo")),
        """{"serial":"VNS52508000001","at":"2026-11-22T04:00:00.000Z","state":"idle","battery":87.5,"charging":true,"mains":true,"signal":4,"volume":3,"paired":true,"partner":"partner-demo"}""");

    [Fact]
    public void Write_TelemetryWithoutPartner_OmitsIt() => AssertGolden(
        DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", 100, false, false, -85, 0, false, null)),
        """{"serial":"VNS1","at":"2026-11-22T04:00:00.000Z","state":"idle","battery":100.0,"charging":false,"mains":false,"signal":-85,"volume":0,"paired":false}""");

    [Fact]
    public void Write_AckReceived_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new DeviceAck("VNS1", "c1", DeviceAckStatus.Received, At)),
        """{"serial":"VNS1","id":"c1","status":"received","at":"2026-11-22T04:00:00.000Z"}""");

    [Fact]
    public void Write_AckPlayed_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new DeviceAck("VNS1", "c1", DeviceAckStatus.Played, At.AddMilliseconds(2530), null, "R1", At.AddMilliseconds(130), At.AddMilliseconds(2530), 2400)),
        """{"serial":"VNS1","id":"c1","status":"played","at":"2026-11-22T04:00:02.530Z","requestId":"R1","startedAt":"2026-11-22T04:00:00.130Z","endedAt":"2026-11-22T04:00:02.530Z","durationMs":2400}""");

    [Fact]
    public void Write_AckFailed_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new DeviceAck("VNS1", "c1", DeviceAckStatus.Failed, At, "stale")),
        """{"serial":"VNS1","id":"c1","status":"failed","at":"2026-11-22T04:00:00.000Z","reason":"stale"}""");

    [Fact]
    public void Write_AmountAnnouncement_GivesTheGoldenJsonWithVietnameseAsIs() => AssertGolden(
        DeviceEventCodec.Write(new AnnouncementEvent("VNS1", AnnouncementKind.Amount, "Đã nhận một trăm năm mươi nghìn đồng.", At, At.AddMilliseconds(2400), 2400, Amount: 150000, RequestId: "R1", CommandId: "c1")),
        """{"type":"announcement","serial":"VNS1","kind":"amount","text":"Đã nhận một trăm năm mươi nghìn đồng.","startedAt":"2026-11-22T04:00:00.000Z","endedAt":"2026-11-22T04:00:02.400Z","durationMs":2400,"amount":150000,"requestId":"R1","commandId":"c1"}""");

    [Fact]
    public void Write_OtpAnnouncement_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new AnnouncementEvent("VNS1", AnnouncementKind.Otp, "Mã xác thực là không bốn hai bảy.", At, At.AddSeconds(4), 4000, Otp: "0427", CommandId: "c3")),
        """{"type":"announcement","serial":"VNS1","kind":"otp","text":"Mã xác thực là không bốn hai bảy.","startedAt":"2026-11-22T04:00:00.000Z","endedAt":"2026-11-22T04:00:04.000Z","durationMs":4000,"otp":"0427","commandId":"c3"}""");

    [Fact]
    public void Write_StateChanged_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new StateChangedEvent("VNS1", "idle", "pairing", "button:pairing", At)),
        """{"type":"state","serial":"VNS1","from":"idle","to":"pairing","trigger":"button:pairing","at":"2026-11-22T04:00:00.000Z"}""");

    [Fact]
    public void Write_Button_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new ButtonEvent("VNS1", DeviceButtons.VolumeDown, DeviceButtons.Press, At)),
        """{"type":"button","serial":"VNS1","button":"volumeDown","action":"press","at":"2026-11-22T04:00:00.000Z"}""");

    [Fact]
    public void Write_StaleDropped_GivesTheGoldenJson() => AssertGolden(
        DeviceEventCodec.Write(new StaleDroppedEvent("VNS1", "c11", "R11", At.AddHours(-1), At)),
        """{"type":"staleDropped","serial":"VNS1","commandId":"c11","requestId":"R11","sentAt":"2026-11-22T03:00:00.000Z","at":"2026-11-22T04:00:00.000Z"}""");

    [Fact]
    public void Write_TimeInAnotherOffset_IsWrittenInUtcWithMilliseconds()
    {
        var local = new DateTimeOffset(2026, 11, 22, 11, 0, 0, 7, TimeSpan.FromHours(7)).AddTicks(9_999);

        var json = Encoding.UTF8.GetString(DeviceEventCodec.Write(new ButtonEvent("VNS1", "power", "press", local)));

        Assert.Contains("\"at\":\"2026-11-22T04:00:00.007Z\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(87.46, "87.5")]
    [InlineData(87.44, "87.4")]
    [InlineData(0.0, "0.0")]
    [InlineData(0.04, "0.0")]
    [InlineData(99.99, "100.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(14.0, "14.0")]
    public void Write_Battery_HasOneDecimal(double battery, string written)
    {
        var json = Encoding.UTF8.GetString(DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", battery, false, true, 3, 2, false, null)));

        Assert.Contains($"\"battery\":{written},", json, StringComparison.Ordinal);
        Assert.Equal(double.Parse(written, System.Globalization.CultureInfo.InvariantCulture), DeviceEventCodec.ReadTelemetry(Encoding.UTF8.GetBytes(json))!.Battery);
    }

    [Fact]
    public void Write_NegativeZeroBattery_IsWrittenWithoutASign()
    {
        var json = Encoding.UTF8.GetString(DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", -0.0, false, true, 3, 2, false, null)));

        Assert.Contains("\"battery\":0.0,", json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Read_WhatWriteWrote_GivesTheSameRecord(string message)
    {
        var kind = EventKind.Named(message);

        Assert.Equal(kind.Minimal, kind.Read(kind.Write(kind.Minimal)));
        Assert.Equal(kind.Full, kind.Read(kind.Write(kind.Full)));
    }

    [Fact]
    public void Read_EveryAckStatusAndAnnouncementKindAndButton_RoundTrips()
    {
        foreach (var status in Enum.GetValues<DeviceAckStatus>())
        {
            var ack = new DeviceAck("VNS1", "c1", status, At);
            Assert.Equal(ack, DeviceEventCodec.ReadAck(DeviceEventCodec.Write(ack)));
        }

        foreach (var kind in Enum.GetValues<AnnouncementKind>())
        {
            var announcement = new AnnouncementEvent("VNS1", kind, "x", At, At, 0);
            Assert.Equal(announcement, DeviceEventCodec.ReadEvent(DeviceEventCodec.Write(announcement)));
        }

        foreach (var button in DeviceButtons.All)
        {
            foreach (var action in DeviceButtons.Actions)
            {
                var pressed = new ButtonEvent("VNS1", button, action, At);
                Assert.Equal(pressed, DeviceEventCodec.ReadEvent(DeviceEventCodec.Write(pressed)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Read_WithoutAnyOneAlwaysWrittenField_ReturnsNull(string message)
    {
        var kind = EventKind.Named(message);
        var written = kind.Write(kind.Minimal);

        foreach (var name in EventKind.PropertyNames(written))
        {
            var json = JsonNode.Parse(written)!.AsObject();
            json.Remove(name);

            Assert.Null(kind.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Read_UnknownPropertiesAndNullOptionals_AreIgnored(string message)
    {
        var kind = EventKind.Named(message);
        var json = JsonNode.Parse(kind.Write(kind.Minimal))!.AsObject();
        json["firmwareBuild"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
        json["zz"] = null;

        Assert.Equal(kind.Minimal, kind.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Read_DuplicateProperty_ReturnsNull(string message)
    {
        var kind = EventKind.Named(message);
        var json = Encoding.UTF8.GetString(kind.Write(kind.Minimal));
        var duplicated = json[..^1] + ",\"serial\":\"VNS2\"}";

        Assert.Null(kind.Read(Encoding.UTF8.GetBytes(duplicated)));
    }

    [Theory]
    [InlineData("status", "online", "\"true\"")]
    [InlineData("status", "at", "\"2026-11-22T04:00:00\"")]
    [InlineData("status", "at", "1763784000")]
    [InlineData("status", "serial", "\"\"")]
    [InlineData("status", "model", "null")]
    [InlineData("telemetry", "battery", "\"87.5\"")]
    [InlineData("telemetry", "battery", "100.1")]
    [InlineData("telemetry", "battery", "-1")]
    [InlineData("telemetry", "volume", "6")]
    [InlineData("telemetry", "volume", "2.0")]
    [InlineData("telemetry", "signal", "1.5")]
    [InlineData("telemetry", "signal", "99999999999")]
    [InlineData("telemetry", "partner", "\"\"")]
    [InlineData("telemetry", "partner", "7")]
    [InlineData("ack", "status", "\"done\"")]
    [InlineData("ack", "status", "\"Received\"")]
    [InlineData("ack", "status", "0")]
    [InlineData("ack", "id", "\"\"")]
    [InlineData("ack", "durationMs", "-1")]
    [InlineData("ack", "startedAt", "\"soon\"")]
    [InlineData("announcement", "type", "\"Announcement\"")]
    [InlineData("announcement", "type", "\"status\"")]
    [InlineData("announcement", "kind", "\"money\"")]
    [InlineData("announcement", "amount", "1.5")]
    [InlineData("announcement", "amount", "0")]
    [InlineData("announcement", "otp", "\"123\"")]
    [InlineData("announcement", "otp", "427")]
    [InlineData("announcement", "durationMs", "\"800\"")]
    [InlineData("announcement", "text", "\"\"")]
    [InlineData("stateChanged", "to", "[]")]
    [InlineData("button", "button", "\"jump\"")]
    [InlineData("button", "action", "\"tap\"")]
    [InlineData("staleDropped", "sentAt", "\"2026-11-22\"")]
    [InlineData("staleDropped", "commandId", "5")]
    public void Read_FieldOfTheWrongTypeOrOutOfRange_ReturnsNull(string message, string field, string value)
    {
        var kind = EventKind.Named(message);
        var json = JsonNode.Parse(kind.Write(kind.Full))!.AsObject();
        json[field] = JsonNode.Parse(value);

        Assert.Null(kind.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"status\"")]
    [InlineData("{}")]
    [InlineData("{\"type\":\"button\"} trailing")]
    public void Readers_NotAPayload_ReturnNull(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);

        Assert.Null(DeviceEventCodec.ReadStatus(bytes));
        Assert.Null(DeviceEventCodec.ReadTelemetry(bytes));
        Assert.Null(DeviceEventCodec.ReadAck(bytes));
        Assert.Null(DeviceEventCodec.ReadEvent(bytes));
    }

    [Fact]
    public void Readers_InvalidUtf8_ReturnNull()
    {
        var status = DeviceEventCodec.Write(new DeviceStatus("VNS1", "S5", true, "idle", "1", At));
        status[12] = 0xFF;

        Assert.Null(DeviceEventCodec.ReadStatus(status));
    }

    [Fact]
    public void ReadEvent_PayloadsOfOtherTopics_ReturnNull()
    {
        foreach (var kind in EventKind.All.Where(k => k.Channel != "events"))
        {
            Assert.Null(DeviceEventCodec.ReadEvent(kind.Write(kind.Full)));
        }
    }

    [Fact]
    public void ReadEvent_GivesTheRecordOfItsType()
    {
        Assert.IsType<AnnouncementEvent>(DeviceEventCodec.ReadEvent(EventKind.Named("announcement").Write(EventKind.Named("announcement").Full)));
        Assert.IsType<StateChangedEvent>(DeviceEventCodec.ReadEvent(EventKind.Named("stateChanged").Write(EventKind.Named("stateChanged").Full)));
        Assert.IsType<ButtonEvent>(DeviceEventCodec.ReadEvent(EventKind.Named("button").Write(EventKind.Named("button").Full)));
        Assert.IsType<StaleDroppedEvent>(DeviceEventCodec.ReadEvent(EventKind.Named("staleDropped").Write(EventKind.Named("staleDropped").Full)));
    }

    [Fact]
    public void Read_TimeWithAnOffset_GivesTheInstant()
    {
        var ack = DeviceEventCodec.ReadAck("""{"serial":"VNS1","id":"c1","status":"received","at":"2026-11-22T11:00:00.250+07:00"}"""u8);

        Assert.Equal(At.AddMilliseconds(250), ack!.At);
    }

    [Theory]
    [InlineData("battery")]
    [InlineData("batteryNaN")]
    [InlineData("volume")]
    [InlineData("serial")]
    [InlineData("partner")]
    [InlineData("id")]
    [InlineData("status")]
    [InlineData("durationMs")]
    [InlineData("otp")]
    [InlineData("amount")]
    [InlineData("kind")]
    [InlineData("button")]
    [InlineData("action")]
    [InlineData("trigger")]
    [InlineData("commandId")]
    [InlineData("model")]
    public void Write_ValueTheReaderWouldRefuse_ThrowsNamingTheField(string field)
    {
        Func<byte[]> write = field switch
        {
            "battery" => () => DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", 100.1, false, true, 3, 2, false, null)),
            "batteryNaN" => () => DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", double.NaN, false, true, 3, 2, false, null)),
            "volume" => () => DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", 50, false, true, 3, 6, false, null)),
            "serial" => () => DeviceEventCodec.Write(new DeviceTelemetry("", At, "idle", 50, false, true, 3, 2, false, null)),
            "partner" => () => DeviceEventCodec.Write(new DeviceTelemetry("VNS1", At, "idle", 50, false, true, 3, 2, true, "")),
            "id" => () => DeviceEventCodec.Write(new DeviceAck("VNS1", new string('x', 65), DeviceAckStatus.Received, At)),
            "status" => () => DeviceEventCodec.Write(new DeviceAck("VNS1", "c1", (DeviceAckStatus)9, At)),
            "durationMs" => () => DeviceEventCodec.Write(new DeviceAck("VNS1", "c1", DeviceAckStatus.Played, At, DurationMs: -1)),
            "otp" => () => DeviceEventCodec.Write(new AnnouncementEvent("VNS1", AnnouncementKind.Otp, "x", At, At, 0, Otp: "12")),
            "amount" => () => DeviceEventCodec.Write(new AnnouncementEvent("VNS1", AnnouncementKind.Amount, "x", At, At, 0, Amount: 0)),
            "kind" => () => DeviceEventCodec.Write(new AnnouncementEvent("VNS1", (AnnouncementKind)(-1), "x", At, At, 0)),
            "button" => () => DeviceEventCodec.Write(new ButtonEvent("VNS1", "jump", DeviceButtons.Press, At)),
            "action" => () => DeviceEventCodec.Write(new ButtonEvent("VNS1", DeviceButtons.Power, "tap", At)),
            "trigger" => () => DeviceEventCodec.Write(new StateChangedEvent("VNS1", "idle", "pairing", "", At)),
            "commandId" => () => DeviceEventCodec.Write(new StaleDroppedEvent("VNS1", "", "R1", At, At)),
            _ => () => DeviceEventCodec.Write(new DeviceStatus("VNS1", null!, true, "idle", "1", At)),
        };

        var error = Assert.ThrowsAny<ArgumentException>(write);

        Assert.Contains(field.Replace("NaN", "", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => DeviceEventCodec.Write((DeviceStatus)null!));
        Assert.Throws<ArgumentNullException>(() => DeviceEventCodec.Write((ButtonEvent)null!));
    }

    private static void AssertGolden(byte[] written, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(written));
        using var document = JsonDocument.Parse(written); // and it is JSON
    }
}
