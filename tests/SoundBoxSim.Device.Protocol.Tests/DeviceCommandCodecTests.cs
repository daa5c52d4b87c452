using System.Text;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Device.Protocol.Tests;

public sealed class DeviceCommandCodecTests
{
    private const string Types = "announce, otp, pair, unpair, configure, ping";
    private const string AmountRule = "amount must be an integer from 1 to 999999999999999";
    private const string TimeRule = "sentAt must be an ISO 8601 date-time with an offset, e.g. '2026-11-22T04:00:00Z'";
    private const string OtpRule = "otp must be a string of exactly 4 ASCII digits, e.g. '0427'";
    private const string Duplicate = "appears more than once; each property may appear only once";
    private const string NothingToConfigure = "configure needs at least one of volume, staleAfterSeconds, telemetryIntervalSeconds; got none";

    public static TheoryData<string> GoldenNames => [.. CommandSamples.Golden.Keys];

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Write_EachCommand_GivesTheGoldenJson(string name)
    {
        var (command, json) = CommandSamples.Golden[name];

        Assert.Equal(json, Encoding.UTF8.GetString(DeviceCommandCodec.Write(command)));
    }

    [Theory]
    [MemberData(nameof(GoldenNames))]
    public void Parse_GoldenJson_GivesTheCommand(string name)
    {
        var (command, json) = CommandSamples.Golden[name];

        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(json));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(command, result.Command);
        Assert.Equal(command.Id, result.Id);
        Assert.Null(result.Error);
    }

    [Fact]
    public void Parse_WhatWriteWrote_GivesTheSameCommand_ForRandomCommands()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 5_000; i++)
        {
            var command = CommandSamples.RandomValid(random);

            var result = DeviceCommandCodec.Parse(DeviceCommandCodec.Write(command));

            Assert.True(result.Succeeded, $"{command}: {result.Error}");
            Assert.Equal(command, result.Command);
        }
    }

    [Fact]
    public void CommandTypes_AreWhatWriteUses()
    {
        var written = CommandSamples.Golden.Values.Select(g => DeviceCommandCodec.TypeOf(g.Command)).ToHashSet();

        Assert.Equal(written.Order(), DeviceCommandCodec.CommandTypes.Order());
    }

    [Theory]
    // type
    [InlineData("{'id':'c1'}", $"type is missing; it must be one of {Types}", "c1")]
    [InlineData("{'type':'reboot','id':'c1'}", $"type must be one of {Types}; got the string 'reboot'", "c1")]
    [InlineData("{'type':'Announce','id':'c1'}", $"type must be one of {Types}; got the string 'Announce'", "c1")]
    [InlineData("{'type':7,'id':'c1'}", $"type must be one of {Types}; got 7", "c1")]
    [InlineData("{'type':null,'id':'c1'}", $"type must be one of {Types}; got null", "c1")]
    [InlineData("{'type':['ping'],'id':'c1'}", $"type must be one of {Types}; got an array", "c1")]
    // id
    [InlineData("{'type':'ping'}", "id is missing; it must be a string of 1 to 64 characters", null)]
    [InlineData("{'type':'ping','id':''}", "id must be a string of 1 to 64 characters; got the string ''", null)]
    [InlineData("{'type':'ping','id':42}", "id must be a string of 1 to 64 characters; got 42", null)]
    [InlineData("{'type':'ping','id':{'v':'c1'}}", "id must be a string of 1 to 64 characters; got an object", null)]
    // announce: amount
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':1.5}", $"{AmountRule}; got 1.5", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':150000.0}", $"{AmountRule}; got 150000.0", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':'150000'}", $"{AmountRule}; got the string '150000'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':1.5e5}", $"{AmountRule}; got 1.5e5", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':15E4}", $"{AmountRule}; got 15E4", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':0}", $"{AmountRule}; got 0", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':-150000}", $"{AmountRule}; got -150000", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':1000000000000000}", $"{AmountRule}; got 1000000000000000", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':99999999999999999999}", $"{AmountRule}; got 99999999999999999999", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':true}", $"{AmountRule}; got true", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':null}", $"{AmountRule}; got null", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':[150000]}", $"{AmountRule}; got an array", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1'}", $"amount is missing; it must be an integer from 1 to 999999999999999", "c1")]
    // announce: requestId
    [InlineData("{'type':'announce','id':'c1','amount':5}", "requestId is missing; it must be a string of 1 to 128 characters", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'','amount':5}", "requestId must be a string of 1 to 128 characters; got the string ''", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':17,'amount':5}", "requestId must be a string of 1 to 128 characters; got 17", "c1")]
    // announce: sentAt
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'yesterday'}", $"{TimeRule}; got the string 'yesterday'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'2026-11-22T04:00:00'}", $"{TimeRule}; got the string '2026-11-22T04:00:00'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'2026-11-22'}", $"{TimeRule}; got the string '2026-11-22'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'2026-11-22 04:00:00Z'}", $"{TimeRule}; got the string '2026-11-22 04:00:00Z'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'2026-11-22T04:00:00.Z'}", $"{TimeRule}; got the string '2026-11-22T04:00:00.Z'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'2026-13-01T00:00:00Z'}", $"{TimeRule}; got the string '2026-13-01T00:00:00Z'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'0001-01-01T00:00:00+01:00'}", $"{TimeRule}; got the string '0001-01-01T00:00:00+01:00'", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':1763784000}", $"{TimeRule}; got 1763784000", "c1")]
    // otp
    [InlineData("{'type':'otp','id':'c1','otp':'427'}", $"{OtpRule}; got the string '427'", "c1")]
    [InlineData("{'type':'otp','id':'c1','otp':'04270'}", $"{OtpRule}; got the string '04270'", "c1")]
    [InlineData("{'type':'otp','id':'c1','otp':'04a7'}", $"{OtpRule}; got the string '04a7'", "c1")]
    [InlineData("{'type':'otp','id':'c1','otp':'٠٤٢٧'}", $"{OtpRule}; got the string '٠٤٢٧'", "c1")]
    [InlineData("{'type':'otp','id':'c1','otp':427}", $"{OtpRule}; got 427", "c1")]
    [InlineData("{'type':'otp','id':'c1'}", "otp is missing; it must be a string of exactly 4 ASCII digits, e.g. '0427'", "c1")]
    [InlineData("{'type':'otp','id':'c1','otp':'0427','sessionId':''}", "sessionId must be a string of 1 to 128 characters; got the string ''", "c1")]
    [InlineData("{'type':'otp','id':'c1','otp':'0427','sessionId':5}", "sessionId must be a string of 1 to 128 characters; got 5", "c1")]
    // pair
    [InlineData("{'type':'pair','id':'c1'}", "partner is missing; it must be a string of 1 to 128 characters", "c1")]
    [InlineData("{'type':'pair','id':'c1','partner':''}", "partner must be a string of 1 to 128 characters; got the string ''", "c1")]
    [InlineData("{'type':'pair','id':'c1','partner':null}", "partner must be a string of 1 to 128 characters; got null", "c1")]
    // configure
    [InlineData("{'type':'configure','id':'c1'}", NothingToConfigure, "c1")]
    [InlineData("{'type':'configure','id':'c1','volume':null,'staleAfterSeconds':null}", NothingToConfigure, "c1")]
    [InlineData("{'type':'configure','id':'c1','volume':6}", "volume must be an integer from 0 to 5; got 6", "c1")]
    [InlineData("{'type':'configure','id':'c1','volume':-1}", "volume must be an integer from 0 to 5; got -1", "c1")]
    [InlineData("{'type':'configure','id':'c1','volume':2.5}", "volume must be an integer from 0 to 5; got 2.5", "c1")]
    [InlineData("{'type':'configure','id':'c1','volume':'3'}", "volume must be an integer from 0 to 5; got the string '3'", "c1")]
    [InlineData("{'type':'configure','id':'c1','staleAfterSeconds':0}", "staleAfterSeconds must be an integer from 1 to 86400; got 0", "c1")]
    [InlineData("{'type':'configure','id':'c1','staleAfterSeconds':86401}", "staleAfterSeconds must be an integer from 1 to 86400; got 86401", "c1")]
    [InlineData("{'type':'configure','id':'c1','telemetryIntervalSeconds':0}", "telemetryIntervalSeconds must be an integer from 1 to 86400; got 0", "c1")]
    [InlineData("{'type':'configure','id':'c1','volume':3,'telemetryIntervalSeconds':false}", "telemetryIntervalSeconds must be an integer from 1 to 86400; got false", "c1")]
    // duplicates
    [InlineData("{'type':'ping','id':'c1','id':'c2'}", $"id {Duplicate}", null)]
    [InlineData("{'type':'ping','type':'ping','id':'c1'}", $"type {Duplicate}", "c1")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'amount':5}", $"amount {Duplicate}", "c1")]
    [InlineData("{'type':'ping','id':'c1','note':1,'note':2}", $"note {Duplicate}", "c1")]
    [InlineData("{'type':'ping','id':'c1','\\u0069d':'c1'}", $"id {Duplicate}", null)]
    // not an object
    [InlineData("[]", "the payload must be a JSON object; got an array", null)]
    [InlineData("'ping'", "the payload must be a JSON object; got a string", null)]
    [InlineData("42", "the payload must be a JSON object; got a number", null)]
    [InlineData("null", "the payload must be a JSON object; got null", null)]
    [InlineData("", "the payload is empty; it must be a JSON object", null)]
    [InlineData(" \r\n\t", "the payload is empty; it must be a JSON object", null)]
    public void Parse_InvalidCommand_FailsNamingTheField(string payload, string error, string? id)
    {
        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(payload.Replace('\'', '"')));

        Assert.False(result.Succeeded);
        Assert.Null(result.Command);
        Assert.Equal(error.Replace('\'', '"'), result.Error);
        Assert.Equal(id, result.Id);
    }

    [Theory]
    [InlineData("{", null)]
    [InlineData("{'type':'ping','id':'c1'", "c1")]
    [InlineData("{'type':'ping','id':'c1',}", "c1")]
    [InlineData("{'type':'ping','id':'c1'} x", "c1")]
    [InlineData("{'type':'ping','id':'c1'}{}", "c1")]
    [InlineData("{'type':'ping','id':'c1' /* note */}", "c1")]
    [InlineData("{'id':'c1',type:'ping'}", "c1")]
    [InlineData("{'id':'c1','type':'ping','amount':01}", "c1")]
    [InlineData("{'id':'c1','type':'ping','amount':NaN}", "c1")]
    [InlineData("{'id':'c1','type':'ping','note':'\\x'}", "c1")]
    [InlineData("{'type':'ping','id':'\\ud800'}", null)]
    [InlineData("{'type':'announce','id':'c1','requestId':'\\udc00','amount':5}", "c1")]
    public void Parse_NotJson_FailsAndRecoversTheIdReadSoFar(string payload, string? id)
    {
        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(payload.Replace('\'', '"')));

        Assert.False(result.Succeeded);
        Assert.StartsWith("the payload is not valid JSON: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(id, result.Id);
    }

    [Fact]
    public void Parse_NestedTooDeep_FailsAsNotJson()
    {
        var payload = "{\"id\":\"c1\",\"type\":\"ping\",\"x\":" + new string('[', 200) + new string(']', 200) + "}";

        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(payload));

        Assert.StartsWith("the payload is not valid JSON: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("c1", result.Id);
    }

    [Fact]
    public void Parse_InvalidUtf8_Fails()
    {
        byte[] payload = [.. "{\"type\":\"ping\",\"id\":\"c"u8, 0xC3, 0x28, .. "\"}"u8];

        var result = DeviceCommandCodec.Parse(payload);

        Assert.Equal("the payload is not valid UTF-8", result.Error);
    }

    [Fact]
    public void Parse_IdOfSixtyFiveCharacters_FailsWithoutAnId()
    {
        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes($$"""{"type":"ping","id":"{{new string('x', 65)}}"}"""));

        Assert.StartsWith("id must be a string of 1 to 64 characters; got the string \"xxxx", result.Error, StringComparison.Ordinal);
        Assert.Null(result.Id);
    }

    [Fact]
    public void Parse_IdOfSixtyFourCharacters_Succeeds() =>
        Assert.True(DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes($$"""{"type":"ping","id":"{{new string('x', 64)}}"}""")).Succeeded);

    [Fact]
    public void Parse_IdLength_CountsCodePointsLikeJsonSchema()
    {
        var sixtyFourEmoji = string.Concat(Enumerable.Repeat("😀", 64));   // 128 UTF-16 units

        var accepted = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes($$"""{"type":"ping","id":"{{sixtyFourEmoji}}"}"""));
        var refused = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes($$"""{"type":"ping","id":"{{sixtyFourEmoji}}x"}"""));

        Assert.Equal(new PingCommand(sixtyFourEmoji), accepted.Command);
        Assert.StartsWith("id must be a string of 1 to 64 characters", refused.Error, StringComparison.Ordinal);
        Assert.Null(DeviceCommandCodec.Validate(new PingCommand(sixtyFourEmoji)));
        Assert.NotNull(DeviceCommandCodec.Validate(new PingCommand(sixtyFourEmoji + "x")));
    }

    [Fact]
    public void Parse_RequestIdOf129Characters_FailsNamingRequestId()
    {
        var payload = $$"""{"type":"announce","id":"c1","requestId":"{{new string('r', 129)}}","amount":5}""";

        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(payload));

        Assert.StartsWith("requestId must be a string of 1 to 128 characters; got the string \"rrrr", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("... (129 characters)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PayloadOverTheLimit_FailsButRecoversAnEarlyId()
    {
        var payload = Padded("{\"type\":\"ping\",\"id\":\"c1\",\"pad\":\"", DeviceCommandCodec.MaxPayloadBytes + 1);

        var result = DeviceCommandCodec.Parse(payload);

        Assert.Equal($"the payload is {DeviceCommandCodec.MaxPayloadBytes + 1} bytes; it must be at most {DeviceCommandCodec.MaxPayloadBytes} bytes", result.Error);
        Assert.Equal("c1", result.Id);
    }

    [Fact]
    public void Parse_PayloadAtTheLimit_Succeeds()
    {
        var payload = Padded("{\"type\":\"ping\",\"id\":\"c1\",\"pad\":\"", DeviceCommandCodec.MaxPayloadBytes);

        Assert.True(DeviceCommandCodec.Parse(payload).Succeeded);
    }

    [Fact]
    public void Parse_HugePayloadCutInsideACharacter_FailsWithTheSizeError()
    {
        var head = "{\"type\":\"ping\",\"id\":\"c1\", \"pad\":\"";   // 33 bytes, so the cut falls inside a two-byte 'đ'
        var payload = Encoding.UTF8.GetBytes(head + new string('đ', DeviceCommandCodec.MaxPayloadBytes) + "\"}");

        var result = DeviceCommandCodec.Parse(payload);

        Assert.Equal($"the payload is {payload.Length} bytes; it must be at most {DeviceCommandCodec.MaxPayloadBytes} bytes", result.Error);
        Assert.Equal("c1", result.Id);
    }

    [Theory]
    [InlineData("{'type':'ping','id':'c1','extra':{'deep':[1,2,{'x':null}]},'amount':'not a number'}")]   // unknown and foreign properties ignored
    [InlineData("{'id':'c1','type':'ping'}")]                                                           // any order
    [InlineData("{'t\\u0079pe':'ping','\\u0069d':'c1'}")]                                               // escaped names
    [InlineData(" \n{ 'type' : 'ping' , 'id' : 'c1' }\n ")]                                              // whitespace
    public void Parse_LenientButValid_Succeeds(string payload)
    {
        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(payload.Replace('\'', '"')));

        Assert.Equal(new PingCommand("c1"), result.Command);
    }

    [Fact]
    public void Parse_NullOptionalFields_AreAbsent()
    {
        var otp = DeviceCommandCodec.Parse("""{"type":"otp","id":"c1","otp":"0427","sessionId":null}"""u8);
        var announce = DeviceCommandCodec.Parse("""{"type":"announce","id":"c1","requestId":"R1","amount":5,"sentAt":null}"""u8);
        var configure = DeviceCommandCodec.Parse("""{"type":"configure","id":"c1","volume":null,"staleAfterSeconds":10}"""u8);

        Assert.Equal(new OtpCommand("c1", "0427", null), otp.Command);
        Assert.Equal(new AnnounceCommand("c1", "R1", 5, null), announce.Command);
        Assert.Equal(new ConfigureCommand("c1", null, 10, null), configure.Command);
    }

    [Theory]
    [InlineData("2026-11-22T11:00:00+07:00", 0)]
    [InlineData("2026-11-21T23:00:00-05:00", 0)]
    [InlineData("2026-11-22T04:00:00Z", 0)]
    [InlineData("2026-11-22T04:00:00.5Z", 500)]
    [InlineData("2026-11-22T04:00:00.1234567Z", 123.4567)]
    public void Parse_SentAtWithAnyOffset_GivesTheInstant(string sentAt, double milliseconds)
    {
        var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes($$"""{"type":"announce","id":"c1","requestId":"R1","amount":5,"sentAt":"{{sentAt}}"}"""));

        var announce = Assert.IsType<AnnounceCommand>(result.Command);
        Assert.Equal(CommandSamples.SentAt.AddTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond)), announce.SentAt);
    }

    [Fact]
    public void Write_SubMillisecondTime_IsCutToMilliseconds()
    {
        var command = new AnnounceCommand("c1", "R1", 5, CommandSamples.SentAt.AddTicks(1_239_999));

        Assert.Contains("\"sentAt\":\"2026-11-22T04:00:00.123Z\"", Encoding.UTF8.GetString(DeviceCommandCodec.Write(command)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amount")]
    [InlineData("requestId")]
    [InlineData("otp")]
    [InlineData("sessionId")]
    [InlineData("partner")]
    [InlineData("configure")]
    [InlineData("volume")]
    [InlineData("staleAfterSeconds")]
    [InlineData("telemetryIntervalSeconds")]
    [InlineData("id")]
    public void Write_InvalidCommand_ThrowsWithTheMessageParseWouldGive(string field)
    {
        var (command, json) = field switch
        {
            "amount" => ((DeviceCommand)new AnnounceCommand("c1", "R1", 0, null), "{'type':'announce','id':'c1','requestId':'R1','amount':0}"),
            "requestId" => (new AnnounceCommand("c1", "", 5, null), "{'type':'announce','id':'c1','requestId':'','amount':5}"),
            "otp" => (new OtpCommand("c1", "123", null), "{'type':'otp','id':'c1','otp':'123'}"),
            "sessionId" => (new OtpCommand("c1", "1234", ""), "{'type':'otp','id':'c1','otp':'1234','sessionId':''}"),
            "partner" => (new PairCommand("c1", ""), "{'type':'pair','id':'c1','partner':''}"),
            "configure" => (new ConfigureCommand("c1", null, null, null), "{'type':'configure','id':'c1'}"),
            "volume" => (new ConfigureCommand("c1", 6, null, null), "{'type':'configure','id':'c1','volume':6}"),
            "staleAfterSeconds" => (new ConfigureCommand("c1", null, 0, null), "{'type':'configure','id':'c1','staleAfterSeconds':0}"),
            "telemetryIntervalSeconds" => (new ConfigureCommand("c1", null, null, 86_401), "{'type':'configure','id':'c1','telemetryIntervalSeconds':86401}"),
            _ => (new PingCommand(""), "{'type':'ping','id':''}"),
        };
        var expected = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(json.Replace('\'', '"'))).Error;

        var error = Assert.Throws<ArgumentException>(() => DeviceCommandCodec.Write(command));

        Assert.NotNull(expected);
        Assert.Equal(expected, DeviceCommandCodec.Validate(command));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NotAProtocolCommand_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DeviceCommandCodec.Write(new RebootCommand("c1")));
        Assert.Throws<ArgumentNullException>(() => DeviceCommandCodec.Write(null!));
    }

    [Fact]
    public void Validate_ValidCommand_IsNull()
    {
        foreach (var (command, _) in CommandSamples.Golden.Values)
        {
            Assert.Null(DeviceCommandCodec.Validate(command));
        }
    }

    [Fact]
    public void Result_Factories_KeepExactlyOneOfCommandAndError()
    {
        var success = CommandParseResult.Success(new PingCommand("c1"));
        var failure = CommandParseResult.Failure("c1", "broken");

        Assert.True(success.Succeeded);
        Assert.Equal("c1", success.Id);
        Assert.Null(success.Error);
        Assert.False(failure.Succeeded);
        Assert.Null(failure.Command);
        Assert.Equal("broken", failure.Error);
    }

    private static byte[] Padded(string head, int length)
    {
        var padding = length - Encoding.UTF8.GetByteCount(head) - 2;
        return Encoding.UTF8.GetBytes(head + new string('x', padding) + "\"}");
    }

    private sealed record RebootCommand(string Id) : DeviceCommand(Id);
}
