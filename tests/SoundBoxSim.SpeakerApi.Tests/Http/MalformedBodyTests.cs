using System.Net.Http.Headers;
using System.Text;
using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.Endpoints;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>
/// Bad input on every endpoint: bodies that are not a JSON object, missing and mistyped fields, wrong content types,
/// bodies over the limit, wrong methods and paths, bad bearer tokens. Each gets the contract's envelope (8.1) with the
/// right 4xx and a message naming the field, never a 500.
/// </summary>
public sealed class MalformedBodyTests(SharedRig shared) : IClassFixture<SharedRig>
{
    private static readonly string[] NotJson =
    [
        "{\"hardwareId\":\"VNS",                         // truncated
        "{\"hardwareId\":",
        "{",
        "}",
        "{hardwareId:\"VNS52508000001\"}",              // unquoted name
        "{'hardwareId':'VNS52508000001'}",              // single quotes
        "{\"hardwareId\":\"VNS52508000001\",}",         // trailing comma
        "{\"a\":1} {\"b\":2}",                          // two documents
        "{\"a\":1} x",
        "/* comment */ {\"a\":1}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":01}",
        "{\"a\":\"tab\there\"}",                        // raw control character in a string
        "{\"a\":\"\\x41\"}",                            // not a JSON escape
        "{\"a\":\"\\u12\"}",
        "{\"a\":tru}",
        "\"unterminated",
        "   ",
        "\u00ef\u00bb\u00bf",                           // mojibake of a BOM, as text
        "{\"hardwareId\":\"a\",\"hardwareId\":\"b\"}",  // the same field twice
    ];

    private static readonly string[] NotAnObject = ["[]", "[{\"hardwareId\":\"VNS52508000001\"}]", "\"VNS52508000001\"", "150000", "null", "true", "false", "-0"];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain",
        "text/json; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/xml",
        "application/octet-stream",
        "application/jsonp",
        "json",
        "*/*",
    ];

    private SpeakerApiRig Rig => shared.Rig;

    private ApiClient Partner => shared.Partner;

    public static TheoryData<string> BodyEndpoints => [.. WithBody];

    public static TheoryData<string> AllEndpoints => [.. All];

    public static TheoryData<string, int> NotJsonCases => Cross(WithBody, Enumerable.Range(0, NotJson.Length));

    public static TheoryData<string, int> NotAnObjectCases => Cross(WithBody, Enumerable.Range(0, NotAnObject.Length));

    public static TheoryData<string, string> WrongContentTypeCases => Cross(WithBody, WrongContentTypes);

    public static TheoryData<string, string> EveryFieldCases => [.. EveryField().Select(p => new TheoryDataRow<string, string>(p.Endpoint, p.Field))];

    public static TheoryData<string, string, string> WrongTypeCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (endpoint, name) in EveryField())
            {
                var wrong = name == "amount"
                    ? ["\"150000\"", "150000.5", "0.1", "true", "[]", "[150000]", "{}", "{\"value\":150000}", "\"\""]
                    : new[] { "12345", "1.5", "true", "false", "[]", "[\"VNS52508000001\"]", "{}", "{\"hardwareId\":\"VNS52508000001\"}" };
                foreach (var value in wrong)
                {
                    data.Add(endpoint, name, value);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string, string> BlankStringCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (endpoint, name) in StringFields())
            {
                foreach (var value in new[] { "\"\"", "\" \"", "\"\\t\\n\"" })
                {
                    data.Add(endpoint, name, value);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string> StringFieldCases => [.. StringFields().Select(p => new TheoryDataRow<string, string>(p.Endpoint, p.Field))];

    public static TheoryData<string, string> BadAmounts => Cross([Notify], ["0", "-1", "-150000", "-0", "1000000000000000", "9223372036854775807", "9223372036854775808", "1e400", "-1e400"]);

    public static TheoryData<string, string> BadBearer => Cross(WithBody, ["", "Bearer", "Bearer ", "Bearer not-a-token", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.x",
        "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA), "Token abc", "Bearer a b c", "Bearer ,"]);

    public static TheoryData<string, string> WrongMethods => Cross(All, ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"]);

    public static TheoryData<string> UnknownPaths =>
    [
        "/devices/v1", "/devices/v1/", "/devices/v1/token", "/devices/v1/token/create/extra", "/devices/v1/speaker", "/devices/v1/speaker/pair",
        "/devices/v1/speaker/pair/unpair", "/devices/v1/speaker/transactions", "/devices/v1/speaker/transactions/list", "/devices/v1/speaker/transactions/check-notify",
        "/devices/v1/speaker/pair/check%2Fextra", "/devices/v1/" + new string('a', 2000), "/devices/v1/speaker/pair/%E2%82%AC", "/devices/v1/speaker/pair/%FF",
    ];

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task EmptyBody_Answers400(string endpoint)
    {
        var response = await SendAsync(Partner.Request(endpoint, ""));

        Envelope.AssertError(response, 400);
    }

    [Theory]
    [MemberData(nameof(NotJsonCases))]
    public async Task NotJson_Answers400(string endpoint, int index)
    {
        Envelope.AssertError(await SendAsync(Partner.Request(endpoint, NotJson[index])), 400);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task InvalidUtf8_Answers400(string endpoint)
    {
        // {"hardwareId":"VNS<0xC3 0x28>"}: a broken two-byte sequence inside a string; and a stray 0xFF outside one.
        var inString = Concat("{\"hardwareId\":\"VNS"u8, [0xC3, 0x28], "\",\"session_id\":\"s\",\"otp\":\"1234\",\"amount\":1,\"requestId\":\"r\"}"u8);
        var outside = Concat("{\"hardwareId\":\"VNS52508000001\"}"u8, [0xFF], ""u8);

        Envelope.AssertError(await SendAsync(Bytes(endpoint, inString)), 400);
        Envelope.AssertError(await SendAsync(Bytes(endpoint, outside)), 400);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task RandomBytes_Answer400(string endpoint)
    {
        var random = new Random(20260523);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            bytes[0] = (byte)'{'; // past the first byte, to reach the parser's deeper paths
            Envelope.AssertError(await SendAsync(Bytes(endpoint, bytes)), 400);
        }
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task DeeplyNestedJson_Answers400(string endpoint)
    {
        foreach (var depth in new[] { 17, 64, 1000, 10_000 })
        {
            var arrays = string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));
            var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + string.Concat(Enumerable.Repeat("}", depth));
            var inField = $"{{\"hardwareId\":{arrays},\"requestId\":{arrays}}}";

            Envelope.AssertError(await SendAsync(Partner.Request(endpoint, arrays)), 400);
            Envelope.AssertError(await SendAsync(Partner.Request(endpoint, objects)), 400);
            Envelope.AssertError(await SendAsync(Partner.Request(endpoint, inField)), 400);
        }
    }

    [Theory]
    [MemberData(nameof(NotAnObjectCases))]
    public async Task NotAnObject_Answers400(string endpoint, int index)
    {
        Envelope.AssertError(await SendAsync(Partner.Request(endpoint, NotAnObject[index])), 400);
    }

    [Theory]
    [MemberData(nameof(WrongContentTypeCases))]
    public async Task WrongContentType_Answers415(string endpoint, string contentType)
    {
        Envelope.AssertError(await SendAsync(Partner.Request(endpoint, Body(endpoint), contentType)), 415);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task NoContentType_Answers415(string endpoint)
    {
        Envelope.AssertError(await SendAsync(Partner.Request(endpoint, Body(endpoint), contentType: null)), 415);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/json ; charset=utf-8")]
    public async Task JsonWithParametersOrAnotherCase_IsJson(string contentType)
    {
        // RFC 9110 8.3.1: the media type is case-insensitive and may carry parameters.
        var data = Envelope.AssertOk(await SendAsync(Partner.Request(Check, Body(Check), contentType)));

        Assert.Equal(SpeakerApiRig.Serial1, data.GetProperty("hardwareId").GetString());
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task BodyOverTheLimit_Answers413_DeclaredOrChunked(string endpoint)
    {
        // SpeakerApiOptions.MaxBodyBytes, 64 KiB by default: a valid body padded past it.
        var huge = Body(endpoint).Insert(1, new string(' ', 64 * 1024) );
        var hugeString = Body(endpoint, Fields(endpoint)[0].Field, Q(new string('x', 1024 * 1024)));

        Envelope.AssertError(await SendAsync(Partner.Request(endpoint, huge)), 413);
        Envelope.AssertError(await SendAsync(Partner.Request(endpoint, hugeString)), 413);
        var chunked = Partner.Request(endpoint, null);
        chunked.Content = new ChunkedContent(huge);
        Envelope.AssertError(await SendAsync(chunked), 413);
    }

    [Fact]
    public async Task BodyAtTheLimit_IsRead()
    {
        var body = Body(Check);
        var padded = body.Insert(1, new string(' ', 64 * 1024 - body.Length));
        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(padded));

        var data = Envelope.AssertOk(await SendAsync(Partner.Request(Check, padded)));
        var chunked = Partner.Request(Check, null);
        chunked.Content = new ChunkedContent(padded);
        Envelope.AssertOk(await SendAsync(chunked));

        Assert.Equal(SpeakerApiRig.Serial1, data.GetProperty("hardwareId").GetString());
    }

    [Theory]
    [MemberData(nameof(EveryFieldCases))]
    public async Task MissingField_Answers400_NamingIt(string endpoint, string field)
    {
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, field))), field);
    }

    [Theory]
    [MemberData(nameof(EveryFieldCases))]
    public async Task NullField_Answers400_NamingIt(string endpoint, string field)
    {
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, field, "null"))), field);
    }

    [Theory]
    [MemberData(nameof(EveryFieldCases))]
    public async Task FieldNameInAnotherCase_IsNotTheField(string endpoint, string field)
    {
        // The documented names are exact ("hardwareId", "session_id"...): "HARDWAREID" leaves the field missing.
        var body = Body(endpoint).Replace($"\"{field}\":", $"\"{field.ToUpperInvariant()}\":", StringComparison.Ordinal);

        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, body)), field);
    }

    [Theory]
    [MemberData(nameof(WrongTypeCases))]
    public async Task WrongType_Answers400_NamingIt(string endpoint, string field, string value)
    {
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, field, value))), field);
    }

    [Theory]
    [MemberData(nameof(BlankStringCases))]
    public async Task EmptyOrBlankString_Answers400_NamingIt(string endpoint, string field, string value)
    {
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, field, value))), field);
    }

    [Theory]
    [MemberData(nameof(BadAmounts))]
    public async Task AmountNotFrom1ToTheLargestSpokenAmount_Answers400_NamingIt(string endpoint, string amount)
    {
        // Contract 8.1: amount <= 0 or not an integer is 400; above 999,999,999,999,999 the speaker cannot say it (README).
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, "amount", amount))), "amount");
    }

    [Theory]
    [MemberData(nameof(StringFieldCases))]
    public async Task LoneSurrogate_Answers400_NamingIt(string endpoint, string field)
    {
        // "\ud800" is well-formed JSON but no Unicode text: the field cannot be read as a string.
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, field, "\"VNS\\ud800\""))), field);
        Envelope.AssertFieldError(await SendAsync(Partner.Request(endpoint, Body(endpoint, field, "\"\\udc00x\""))), field);
    }

    [Theory]
    [MemberData(nameof(StringFieldCases))]
    public async Task HugeString_Answers400_NamingIt_OrIsUnknown(string endpoint, string field)
    {
        // Inside the body limit but far longer than any serial, id or code: a field problem (400), or simply unknown (404).
        var response = await SendAsync(Partner.Request(endpoint, Body(endpoint, field, Q(new string('7', 20_000)))));

        Assert.True(response.Status is 400 or 404, response.ToString());
        if (response.Status == 400)
        {
            Envelope.AssertFieldError(response, field);
        }
        else
        {
            Envelope.AssertError(response, 404);
        }
    }

    [Theory]
    [InlineData("VNS52508000001\\u0000")]
    [InlineData("VNS52508000001 ")]
    [InlineData(" VNS52508000001")]
    [InlineData("vns52508000001")]
    [InlineData("VNS52508000001/x")]
    [InlineData("soundbox/+/cmd")]
    [InlineData("#")]
    [InlineData("VNS5250800000١")]
    public async Task ASerialThatIsNotExactlyAKnownOne_IsUnknown(string serial)
    {
        // Contract 8.1: an unknown hardwareId is 404, whatever it looks like.
        foreach (var endpoint in new[] { Check, Request, Verify, Notify })
        {
            var response = await SendAsync(Partner.Request(endpoint, Body(endpoint, "hardwareId", $"\"{serial}\"")));
            Envelope.AssertError(response, 404);
        }
    }

    [Theory]
    [MemberData(nameof(BadBearer))]
    public async Task BadBearerToken_Answers401(string endpoint, string authorization)
    {
        var request = Partner.Request(endpoint, Body(endpoint));
        request.Headers.Authorization = null;
        if (authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        Envelope.AssertError(await SendAsync(request), 401);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task TheTokenAltered_Answers401(string endpoint)
    {
        var token = Partner.Token!;
        var altered = new[] { token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), token[..^1], token + "A", token.ToUpperInvariant(), " " + token + " x" };

        foreach (var bad in altered)
        {
            var request = Partner.Request(endpoint, Body(endpoint));
            request.Headers.Authorization = null;
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bad);
            Envelope.AssertError(await SendAsync(request), 401);
        }
    }

    [Theory]
    [MemberData(nameof(WrongMethods))]
    public async Task AnythingButPost_Answers405(string endpoint, string method)
    {
        var request = Partner.Request(endpoint, Body(Check));
        request.Method = new HttpMethod(method);
        if (method == "TRACE")
        {
            request.Content = null; // a TRACE request carries no body (RFC 9110 9.3.8)
        }

        var response = await SendAsync(request);

        Envelope.AssertError(response, 405);
        Assert.Contains("POST", response.Allow, StringComparison.Ordinal); // RFC 9110 15.5.6: a 405 lists the allowed methods
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Head_Answers405_WithoutABody(string endpoint)
    {
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/devices/v1/{endpoint}"));

        Assert.Equal(405, response.Status);
        Assert.Equal("", response.Text);
    }

    [Theory]
    [MemberData(nameof(UnknownPaths))]
    public async Task UnknownPath_Answers404(string path)
    {
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get })
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Partner.Token);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            Envelope.AssertError(await SendAsync(request), 404);
        }
    }

    private static TheoryData<string, T> Cross<T>(IEnumerable<string> endpoints, IEnumerable<T> values)
    {
        var data = new TheoryData<string, T>();
        foreach (var endpoint in endpoints)
        {
            foreach (var value in values)
            {
                data.Add(endpoint, value);
            }
        }

        return data;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, ReadOnlySpan<byte> c) => [.. a, .. b, .. c];

    private HttpRequestMessage Bytes(string endpoint, byte[] body)
    {
        var request = Partner.Request(endpoint, null);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    /// <summary>Sends, and proves the server logged no error doing it (a handler that threw would).</summary>
    private async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        var errors = Rig.ServerErrors.Count;
        var response = await Rig.SendAsync(request);
        Assert.True(Rig.ServerErrors.Count == errors, $"the server logged: {string.Join('\n', Rig.ServerErrors.Skip(errors))}");
        Assert.True(response.Status < 500, response.ToString());
        return response;
    }
}
