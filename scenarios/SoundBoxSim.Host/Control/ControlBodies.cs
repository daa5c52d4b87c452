namespace SoundBoxSim.Host.Control;

/// <summary>Body of POST /devices: a device to add (switched on unless told).</summary>
public sealed record AddDeviceBody(string Serial, string? Model = null, double? Battery = null, bool? Mains = null, bool? PowerOn = null);

/// <summary>Body of PUT mains.</summary>
public sealed record MainsBody(bool Connected);

/// <summary>Body of PUT battery.</summary>
public sealed record BatteryBody(double Percent);

/// <summary>Body of PUT signal: bars 0-5, and optional latency and loss injected on the device's link.</summary>
public sealed record SignalBody(int Bars, int? LatencyMs = null, double? Loss = null);

/// <summary>Body of POST clock/advance.</summary>
public sealed record AdvanceBody(double Seconds);
