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

/// <summary>Body of PUT bank/company: payment-code recognition and its templates (the first is the default).</summary>
public sealed record CompanyBody(bool PaymentCodes, IReadOnlyList<SePay.Ledger.PaymentCodeTemplate> PaymentCodeTemplates, string? Name = null);

/// <summary>Body of PUT bank/accounts/{id}.</summary>
public sealed record AccountBody(string Bank, string AccountNumber, string HolderName, long? Accumulated = null, string? Label = null, bool? Active = null);

/// <summary>Body of PUT bank/virtual-accounts/{id}.</summary>
public sealed record VirtualAccountBody(long BankAccountId, string Number, SePay.Ledger.VirtualAccountKind? Kind = null, string? Label = null);

/// <summary>Body of POST bank/transfers: a simulated transfer.</summary>
public sealed record TransferBody(long Amount, string? Content = null, string? AccountNumber = null, string? SubAccount = null, SePay.Ledger.TransferType? TransferType = null);

/// <summary>Body of POST webhooks/deliveries/replay: the log entries to send again (at most 20).</summary>
public sealed record ReplayBody(IReadOnlyList<long> Ids);
