using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SoundBoxSim.Testing.Web;

/// <summary>
/// A logger provider for a test server that keeps its Error and Critical lines, so a test can prove no handler threw
/// (add it with <c>builder.Logging.AddProvider(new ServerErrorCollector(errors))</c>).
/// </summary>
public sealed class ServerErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            errors.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
