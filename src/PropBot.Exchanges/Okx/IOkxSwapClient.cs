namespace PropBot.Exchanges.Okx;

/// <summary>
/// The OKX v5 perpetual swap client (instType <c>SWAP</c>): the venue-neutral <see cref="IDerivClient"/> plus the OKX
/// account posture. Quantities are base-asset units; the client converts to and from contracts with the
/// instrument's <c>ctVal × ctMult</c>. Create it with <see cref="OkxSwapClientFactory"/> or
/// <c>services.AddPropBotOkxSwap(...)</c>.
/// </summary>
public interface IOkxSwapClient : IDerivClient, IAsyncDisposable
{
    /// <summary>The effective environment (URLs and the demo header).</summary>
    OkxEnvironment Environment { get; }

    /// <summary>
    /// Account posture from <c>GET /api/v5/account/config</c>: account level (SWAP needs ≥ 2), position mode and the
    /// key's permissions. Also refreshes the position mode the client uses for <c>posSide</c>.
    /// </summary>
    Task<VenueResult<OkxAccountConfiguration>> GetAccountConfigurationAsync(CancellationToken cancellationToken = default);
}

/// <summary>OKX account configuration (<c>GET /api/v5/account/config</c>).</summary>
public sealed record OkxAccountConfiguration
{
    /// <summary><c>acctLv</c>: 1 spot, 2 futures, 3 multi-currency margin, 4 portfolio margin (swaps need ≥ 2).</summary>
    public required int AccountLevel { get; init; }

    /// <summary><c>posMode</c>: <c>long_short_mode</c> = hedge, <c>net_mode</c> = one-way.</summary>
    public required PositionMode PositionMode { get; init; }

    /// <summary><c>perm</c>: <c>read_only</c>, <c>trade</c>, <c>withdraw</c>.</summary>
    public required IReadOnlyList<string> Permissions { get; init; }

    /// <summary>Fee tier, e.g. <c>Lv1</c>.</summary>
    public string? FeeLevel { get; init; }

    /// <summary>Whether the account can trade swaps (<c>acctLv</c> ≥ 2) and the key has <c>trade</c>.</summary>
    public bool CanTradeSwaps => AccountLevel >= 2 && Permissions.Contains("trade", StringComparer.Ordinal);
}
