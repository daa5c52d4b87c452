using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class RetryProfileTests
{
    private static readonly DateTimeOffset First = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seed_RetriesAtTheFibonacciMinutesAfterTheFirstAttempt_ThenGivesUp()
    {
        // Waits 5, 8, 13, 21, 34, 55, 89 min, summed by hand: 5, 13, 26, 47, 81, 136, 225 min after 08:00.
        DateTimeOffset[] expected =
        [
            At(8, 5), At(8, 13), At(8, 26), At(8, 47), At(9, 21), At(10, 16), At(11, 45),
        ];

        Assert.Equal(First, RetryProfile.Seed.NextAttempt(First, 0));
        for (var made = 1; made <= 7; made++)
        {
            Assert.Equal(expected[made - 1], RetryProfile.Seed.NextAttempt(First, made));
        }

        Assert.Null(RetryProfile.Seed.NextAttempt(First, 8));
        Assert.Null(RetryProfile.Seed.NextAttempt(First, 100));
    }

    [Fact]
    public void Seed_LastRetryFallsInsideTheFiveHourWindow_AndUsesMostOfIt()
    {
        var last = RetryProfile.Seed.NextAttempt(First, 7)!.Value;

        Assert.True(last - First <= TimeSpan.FromHours(5));
        Assert.True(last - First > TimeSpan.FromHours(3));
    }

    [Fact]
    public void Docs_Is8AttemptsOver33Minutes()
    {
        // Waits 1, 1, 2, 3, 5, 8, 13 min: attempts 2..8 at 1, 2, 4, 7, 12, 20, 33 min (the contract's table).
        int[] minutes = [1, 2, 4, 7, 12, 20, 33];

        for (var made = 1; made <= 7; made++)
        {
            Assert.Equal(First.AddMinutes(minutes[made - 1]), RetryProfile.Docs.NextAttempt(First, made));
        }

        Assert.Null(RetryProfile.Docs.NextAttempt(First, 8));
    }

    [Fact]
    public void AScheduleLongerThanTheWindow_StopsAtTheWindow()
    {
        var profile = RetryProfile.Seed with { Name = "long", Intervals = [TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(1)] };

        Assert.Equal(First.AddHours(2), profile.NextAttempt(First, 1));
        Assert.Equal(First.AddHours(5), profile.NextAttempt(First, 2)); // exactly at the window: not after it
        Assert.Null(profile.NextAttempt(First, 3)); // 6 h > 5 h
        Assert.Null((profile with { MaxWindow = TimeSpan.FromHours(4) }).NextAttempt(First, 2));
    }

    [Fact]
    public void Timeouts_AreTheSeedsAndTheDocs()
    {
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8), TimeSpan.FromHours(5), 7),
            (RetryProfile.Seed.ConnectTimeout, RetryProfile.Seed.ResponseTimeout, RetryProfile.Seed.MaxWindow, RetryProfile.Seed.MaxRetries));
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), 7),
            (RetryProfile.Docs.ConnectTimeout, RetryProfile.Docs.ResponseTimeout, RetryProfile.Docs.MaxRetries));
        Assert.Equal(RetryProfile.Seed, new WebhookDeliverySettings { Url = new Uri("http://127.0.0.1/") }.Profile);
    }

    [Fact]
    public void Find_KnowsTheBuiltInProfilesByName()
    {
        Assert.Same(RetryProfile.Seed, RetryProfile.Find("seed"));
        Assert.Same(RetryProfile.Docs, RetryProfile.Find("DOCS"));
        Assert.Null(RetryProfile.Find("fast"));
    }

    [Fact]
    public void NegativeAttempts_AndBadProfiles_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryProfile.Seed.NextAttempt(First, -1));
        Assert.Throws<ArgumentException>(() => (RetryProfile.Seed with { Intervals = [TimeSpan.FromMinutes(-1)] }).Validate());
        Assert.Throws<ArgumentException>(() => (RetryProfile.Seed with { ResponseTimeout = TimeSpan.Zero }).Validate());
        Assert.Throws<ArgumentException>(() => (RetryProfile.Seed with { MaxWindow = TimeSpan.FromSeconds(-1) }).Validate());
    }

    [Theory]
    // Network failures and timeouts: always retried, whatever the retry condition.
    [InlineData(AttemptErrorKind.ConnectFailed, null, null, false, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.ConnectTimeout, null, null, false, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.ResponseTimeout, null, null, false, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.ResponseTimeout, 200, null, false, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.ConnectionReset, null, null, false, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.BadResponse, null, null, false, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.TokenFailed, null, null, false, AttemptVerdict.FailedRetryable)]
    // Non-2xx answers, redirects included: only with retry_conditions.non_2xx_status_code = 1.
    [InlineData(AttemptErrorKind.None, 500, false, false, AttemptVerdict.FailedFinal)]
    [InlineData(AttemptErrorKind.None, 500, false, true, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.None, 404, false, true, AttemptVerdict.FailedRetryable)]
    [InlineData(AttemptErrorKind.Redirect, 302, null, false, AttemptVerdict.FailedFinal)]
    [InlineData(AttemptErrorKind.Redirect, 302, null, true, AttemptVerdict.FailedRetryable)]
    // A 2xx that fails the success rule: never retried, even with the retry condition on.
    [InlineData(AttemptErrorKind.None, 200, false, false, AttemptVerdict.FailedFinal)]
    [InlineData(AttemptErrorKind.None, 200, false, true, AttemptVerdict.FailedFinal)]
    [InlineData(AttemptErrorKind.None, 204, false, true, AttemptVerdict.FailedFinal)]
    [InlineData(AttemptErrorKind.None, 201, true, false, AttemptVerdict.Succeeded)]
    public void RetryRule_Classify(AttemptErrorKind kind, int? status, bool? succeeded, bool retryOnNon2xx, AttemptVerdict expected)
    {
        var success = succeeded switch
        {
            true => SuccessVerdict.Success,
            false => SuccessVerdict.Failure("no"),
            null => null,
        };

        Assert.Equal(expected, RetryRule.Classify(kind, status, success, retryOnNon2xx));
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 1, 1, hour, minute, 0, TimeSpan.Zero);
}
