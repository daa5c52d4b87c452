using System.Text.Json;

namespace SoundBoxSim.SpeakerApi.Tests.Support;

/// <summary>The five JSON endpoints behind a bearer token (contract 1.4 to 1.8), with their required fields and valid values.</summary>
internal static class Endpoints
{
    public const string Check = "speaker/pair/check";
    public const string Request = "speaker/pair/request";
    public const string Verify = "speaker/pair/verify";
    public const string Notify = "speaker/transactions/notify";
    public const string CheckNotify = "speaker/transactions/check_notify";
    public const string Token = "token/create";

    /// <summary>Every endpoint under /devices/v1 (contract 1.2).</summary>
    public static readonly string[] All = [Token, Check, Request, Verify, Notify, CheckNotify];

    /// <summary>The endpoints that take a JSON body and a bearer token.</summary>
    public static readonly string[] WithBody = [Check, Request, Verify, Notify, CheckNotify];

    /// <summary>Each endpoint's required fields, as raw JSON values that are valid (contract tables).</summary>
    public static IReadOnlyList<(string Field, string Json)> Fields(string endpoint) => endpoint switch
    {
        Check or Request => [("hardwareId", Q(SpeakerApiRig.Serial1))],
        Verify => [("hardwareId", Q(SpeakerApiRig.Serial1)), ("session_id", Q("8b9f6d2a-3c1b-4f7a-a7d4-123456789abc")), ("otp", Q("1234"))],
        Notify => [("hardwareId", Q(SpeakerApiRig.Serial1)), ("amount", "150000"), ("requestId", Q("TXN202510130001"))],
        CheckNotify => [("requestId", Q("TXN202510130001"))],
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "no JSON body"),
    };

    /// <summary>The valid body, with <paramref name="field"/> replaced by the raw JSON <paramref name="value"/> (null: left out).</summary>
    public static string Body(string endpoint, string? field = null, string? value = null) =>
        "{" + string.Join(",", Fields(endpoint)
            .Where(f => f.Field != field || value is not null)
            .Select(f => $"\"{f.Field}\":{(f.Field == field ? value : f.Json)}")) + "}";

    /// <summary>A JSON string literal.</summary>
    public static string Q(string text) => JsonSerializer.Serialize(text);

    /// <summary>Every (endpoint, field) pair.</summary>
    public static IEnumerable<(string Endpoint, string Field)> EveryField() =>
        WithBody.SelectMany(e => Fields(e).Select(f => (e, f.Field)));

    /// <summary>The string fields, as (endpoint, field) pairs.</summary>
    public static IEnumerable<(string Endpoint, string Field)> StringFields() => EveryField().Where(p => p.Field != "amount");
}
